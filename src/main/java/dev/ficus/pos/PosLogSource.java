package dev.ficus.pos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.Charset;

/**
 * The bytes of one POSLog document, read possibly twice (a validation pass, then the mapping pass) and sliced
 * to dead-letter one transaction with its original bytes. In memory ({@link #of(byte[])}, HTTP and queue
 * messages) or a file ({@link #of(Path)}, the drop directory; never loaded whole).
 */
public interface PosLogSource {

    /** @return a fresh stream over the whole document */
    InputStream open() throws IOException;

    /** @return the document's size in bytes */
    long size() throws IOException;

    /**
     * The original bytes of a character range of the decoded document (a leading byte order mark, UTF-8 or UTF-16,
     * is not counted as a character). Encoded back in {@code charset}, which gives the document's own bytes for
     * UTF-8, UTF-16LE/BE, ISO-8859-1 and windows-1252.
     *
     * @param charset the document's encoding
     * @param from    first character offset (inclusive)
     * @param to      last character offset (exclusive)
     * @return the bytes of that range
     */
    default byte[] slice(Charset charset, long from, long to) throws IOException {
        try (InputStream raw = open();
             java.io.PushbackReader reader = new java.io.PushbackReader(
                     new java.io.InputStreamReader(raw, charset), 1)) {
            // a byte order mark (UTF-8, UTF-16 LE/BE) decodes to U+FEFF, which the parser does not count
            int first = reader.read();
            if (first >= 0 && first != '\uFEFF') {
                reader.unread(first);
            }
            long skipped = 0;
            while (skipped < from) {
                long n = reader.skip(from - skipped);
                if (n <= 0) {
                    break;
                }
                skipped += n;
            }
            char[] chars = new char[(int) (to - from)];
            int read = 0;
            while (read < chars.length) {
                int n = reader.read(chars, read, chars.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new String(chars, 0, read).getBytes(charset);
        }
    }

    /** @param bytes a whole document held in memory */
    static PosLogSource of(byte[] bytes) {
        return new PosLogSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long size() {
                return bytes.length;
            }

        };
    }

    /** @param file a document on disk, streamed */
    static PosLogSource of(Path file) {
        return new PosLogSource() {
            @Override
            public InputStream open() throws IOException {
                return new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            }

            @Override
            public long size() throws IOException {
                return Files.size(file);
            }

        };
    }
}

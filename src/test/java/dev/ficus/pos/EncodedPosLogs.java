package dev.ficus.pos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The real Retalix R10 sale ({@code pos/retalix-r10-6.0/retalix-sale-gbp.xml}, see its LICENSE) re-encoded the ways
 * tills write: its XML declaration names the encoding, a byte order mark where the encoding has one, the first item's
 * description replaced by a name only that encoding (or Unicode) can carry, its sequence number by a fresh one.
 *
 * @param label    what the XML declaration says, e.g. {@code windows-1252}
 * @param charset  how the bytes are encoded
 * @param bom      the byte order mark written first (empty: none)
 * @param name     the first item's description, e.g. {@code Müller € Brötchen}
 */
record EncodedPosLogs(String label, Charset charset, byte[] bom, String name) {

    /** Key of the Retalix sale with sequence number {@code seq}. */
    static String key(int seq) {
        return "0610/140/2016-08-22/" + seq;
    }

    /** @return every encoding a till may use, with a name it can carry */
    static List<EncodedPosLogs> all() {
        byte[] none = new byte[0];
        return List.of(
                new EncodedPosLogs("ISO-8859-1", StandardCharsets.ISO_8859_1, none, "Müller Käse £"),
                new EncodedPosLogs("windows-1252", Charset.forName("windows-1252"), none, "Müller € Brötchen – ‰"),
                new EncodedPosLogs("UTF-16", StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE},
                        "Müller € Łódź 寿司"),
                new EncodedPosLogs("UTF-16", StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF},
                        "Müller € Ørsted 寿司"),
                new EncodedPosLogs("UTF-8", StandardCharsets.UTF_8,
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "Müller € Œuvre 🍔"),
                new EncodedPosLogs("UTF-8", StandardCharsets.UTF_8, none, "Müller € Straße"));
    }

    /**
     * @param seq the sale's sequence number (its key is {@link #key(int)})
     * @return the document's bytes
     */
    byte[] document(int seq) {
        String doc;
        try (InputStream in = EncodedPosLogs.class.getResourceAsStream("/pos/retalix-r10-6.0/retalix-sale-gbp.xml")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        doc = doc.replace("encoding=\"utf-8\"", "encoding=\"" + label + "\"")
                .replace("<SequenceNumber>451</SequenceNumber>", "<SequenceNumber>" + seq + "</SequenceNumber>")
                .replace(">YRKSH PRK/CHLLI BRGR<", ">" + name + "<");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        out.writeBytes(doc.getBytes(charset));
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return label + " as " + charset.name() + (bom.length > 0 ? " with BOM" : "");
    }
}

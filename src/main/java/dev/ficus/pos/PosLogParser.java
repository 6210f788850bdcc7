package dev.ficus.pos;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Streams ARTS POSLog documents (POSLog 2.x and 6.x; the ARTS/NRF standard, root {@code POSLog} in
 * {@value #NS_IXRETAIL} or {@value #NS_V6}, any prefix) one {@code Transaction} at a time, so memory does not grow
 * with the document (a 50 MB batch parses in a 256 MB heap).
 *
 * <p>Security: Woodstox StAX with DTDs refused (a DOCTYPE rejects the document with
 * {@link PosLogRejectedException#DTD_REFUSED}, so neither external entities nor entity expansion bombs are ever
 * processed), no external entity resolution, and limits on element depth, attribute and text size and entity
 * expansion ({@link PosLogReader}). Encoding (XML 1.0 §4.3.3): from the BOM or the XML declaration, UTF-8 when
 * neither (UTF-8 with or without BOM, UTF-16 LE/BE with BOM, ISO-8859-1, windows-1252, any charset Java knows).
 *
 * <p>Use {@link #validate(PosLogSource)} first (document-level checks over the whole stream, nothing kept), then
 * {@link #transactions(PosLogSource)}: each item is one transaction with its character range and either a mapped
 * {@link PosTransaction} ({@link PosEventMapper}) or a per-transaction rejection reason. Vendor extension elements
 * (any other namespace) are kept in the tree, rewritten by the transaction's dialect ({@link PosDialects}) and
 * otherwise ignored. Thread-safe; each
 * call opens its own reader.
 */
public final class PosLogParser {

    /** POSLog namespace used by 2.x and most 6.x producers. */
    public static final String NS_IXRETAIL = "http://www.nrf-arts.org/IXRetail/namespace/";
    /** POSLog 6.0.0 namespace form seen in the wild. */
    public static final String NS_V6 = "http://www.nrf-arts.org/IXRetail/v6.0.0/poslog";
    /** Namespaces accepted for the root element. */
    public static final Set<String> KNOWN_NAMESPACES = Set.of(NS_IXRETAIL, NS_V6);

    private final long maxDocumentBytes;
    private final PosEventMapper mapper;
    private final XMLInputFactory factory;

    /**
     * @param maxDocumentBytes largest accepted document, in bytes; a larger one is rejected with
     *                         {@link PosLogRejectedException#OVERSIZE}
     * @param mapper           maps each transaction to its canonical event
     */
    public PosLogParser(long maxDocumentBytes, PosEventMapper mapper) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.mapper = mapper;
        this.factory = PosLogReader.secureFactory();
    }

    /**
     * Reads the whole document once and checks it as a whole: size, well-formedness, no DTD, root {@code POSLog}
     * in a known namespace.
     *
     * @return the number of {@code Transaction} children of the root
     * @throws PosLogRejectedException when the document must be refused as a whole
     * @throws UncheckedIOException    when the source cannot be read
     */
    public int validate(PosLogSource source) {
        checkSize(source);
        try (PosLogReader r = new PosLogReader(source, factory)) {
            int count = 0;
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && r.atTransaction()) {
                        count++;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return count;
        } catch (XMLStreamException e) {
            throw new PosLogRejectedException(PosLogRejectedException.MALFORMED, String.valueOf(e.getMessage()));
        }
    }

    /**
     * The document's encoding as the XML parser reads it (XML 1.0 §4.3.3: byte order mark, else the declaration's
     * {@code encoding}, else UTF-8); only the prolog is read.
     *
     * @return the encoding, or {@code null} when the document's start cannot be parsed or names an encoding Java
     *         does not know (the document is then refused by {@link #validate})
     */
    public Charset charset(PosLogSource source) {
        try (PosLogReader r = new PosLogReader(source, factory)) {
            return r.charset();
        } catch (PosLogRejectedException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Streams the transactions. Call {@link #validate(PosLogSource)} first: a document-level error found here
     * throws {@link PosLogRejectedException} from {@code hasNext()}.
     *
     * @return a closeable iterator over the transactions, in document order
     * @throws PosLogRejectedException when the document is over the size limit
     */
    public TransactionIterator transactions(PosLogSource source) {
        checkSize(source);
        return new TransactionIterator(new PosLogReader(source, factory));
    }

    private void checkSize(PosLogSource source) {
        long size;
        try {
            size = source.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size > maxDocumentBytes) {
            throw new PosLogRejectedException(PosLogRejectedException.OVERSIZE,
                    "document is " + size + " bytes, the limit is " + maxDocumentBytes + " bytes");
        }
    }

    /** Iterator of {@link PosLogItem}; close it when abandoning the iteration early. */
    public final class TransactionIterator implements Iterator<PosLogItem>, Closeable {

        private final PosLogReader r;
        private PosLogItem next;
        private int index;
        private boolean done;

        private TransactionIterator(PosLogReader r) {
            this.r = r;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = advance();
                if (next == null) {
                    done = true;
                    close();
                }
            }
            return next != null;
        }

        @Override
        public PosLogItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PosLogItem item = next;
            next = null;
            return item;
        }

        private PosLogItem advance() {
            try {
                while (r.hasNext()) {
                    r.next();
                    if (r.atTransaction()) {
                        long from = r.startOffset();
                        XmlNode tx = r.readElement();
                        long to = r.endOffset();
                        int i = index++;
                        try {
                            return PosLogItem.mapped(i, from, to, r.charset(), mapper.map(tx, r.context()))
                                    .in(r.rootEnd(), r.rootName());
                        } catch (PosTransactionException e) {
                            return PosLogItem.rejected(i, from, to, r.charset(), e.reason(), e.getMessage(), e.key())
                                    .in(r.rootEnd(), r.rootName());
                        }
                    }
                }
                return null;
            } catch (XMLStreamException e) {
                throw PosLogReader.rejection(e);
            }
        }

        /** Releases the underlying stream. */
        @Override
        public void close() {
            r.close();
        }
    }
}

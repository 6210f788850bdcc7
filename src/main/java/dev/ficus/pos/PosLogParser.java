package dev.ficus.pos;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Streams ARTS POSLog documents (POSLog 2.x and 6.x; the ARTS/NRF standard, root {@code POSLog} in
 * {@value #NS_IXRETAIL} or {@value #NS_V6}, any prefix) one {@code Transaction} at a time, so memory does not grow
 * with the document (a 50 MB batch parses in a 256 MB heap).
 *
 * <p>Security: Woodstox StAX with DTDs refused (a DOCTYPE rejects the document with
 * {@link PosLogRejectedException#DTD_REFUSED}, so neither external entities nor entity expansion bombs are ever
 * processed), no external entity resolution, and limits on element depth, attribute and text size and entity
 * expansion. Encoding: from the BOM or the XML declaration (UTF-8 default, UTF-8 BOM accepted, ISO-8859-1 decoded).
 *
 * <p>Use {@link #validate(PosLogSource)} first (document-level checks over the whole stream, nothing kept), then
 * {@link #transactions(PosLogSource)}: each item is one transaction with its byte range and either a mapped
 * {@link PosEvent} or a per-transaction rejection reason. Vendor extension elements (any other namespace) are
 * kept in the tree and ignored by the mapper unless it knows the dialect.
 */
public final class PosLogParser {

    /** POSLog namespace used by 2.x and most 6.x producers. */
    public static final String NS_IXRETAIL = "http://www.nrf-arts.org/IXRetail/namespace/";
    /** POSLog 6.0.0 namespace form seen in the wild. */
    public static final String NS_V6 = "http://www.nrf-arts.org/IXRetail/v6.0.0/poslog";
    /** Namespaces accepted for the root element. */
    public static final Set<String> KNOWN_NAMESPACES = Set.of(NS_IXRETAIL, NS_V6);

    private static final int MAX_DEPTH = 64;

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
        this.factory = secureFactory();
    }

    static XMLInputFactory secureFactory() {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity refused: " + systemId);
        });
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 256);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, 4 * 1024 * 1024);
        return f;
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
        try (Reader r = new Reader(source)) {
            int count = 0;
            int depth = 0;
            while (r.reader.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 2 && "Transaction".equals(r.reader.getLocalName())
                            && r.rootNs.equals(r.reader.getNamespaceURI())) {
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
     * Streams the transactions. Call {@link #validate(PosLogSource)} first: a document-level error found here
     * throws {@link PosLogRejectedException} from {@code hasNext()}.
     *
     * @return a closeable iterator over the transactions, in document order
     */
    public TransactionIterator transactions(PosLogSource source) {
        checkSize(source);
        return new TransactionIterator(new Reader(source));
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

        private final Reader r;
        private PosLogItem next;
        private int index;
        private boolean done;

        private TransactionIterator(Reader r) {
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
                while (r.reader.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT && r.reader.getDepth() == 2
                            && "Transaction".equals(r.reader.getLocalName())
                            && r.rootNs.equals(r.reader.getNamespaceURI())) {
                        long from = r.reader.getLocationInfo().getStartingCharOffset();
                        XmlNode tx = readElement();
                        long to = r.reader.getLocationInfo().getEndingCharOffset();
                        r.noteEncoding();
                        int i = index++;
                        try {
                            return PosLogItem.mapped(i, from, to, r.charset, mapper.map(tx, r.rootNs));
                        } catch (PosTransactionException e) {
                            return PosLogItem.rejected(i, from, to, r.charset, e.reason(), e.getMessage(), e.key());
                        }
                    }
                }
                return null;
            } catch (XMLStreamException e) {
                throw r.rejection(e);
            }
        }

        /** Reads the element the reader is on (START_ELEMENT) and its subtree; ends on its END_ELEMENT. */
        private XmlNode readElement() throws XMLStreamException {
            Deque<XmlNode> stack = new ArrayDeque<>();
            XmlNode root = start();
            stack.push(root);
            while (!stack.isEmpty()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        XmlNode child = start();
                        stack.peek().children.add(child);
                        stack.push(child);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.pop();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        XmlNode top = stack.peek();
                        // only leaf-ish text matters; keep a bound on what a mixed-content element collects
                        if (top.textBuffer.length() < 64 * 1024) {
                            top.textBuffer.append(r.reader.getText());
                        }
                    }
                    default -> {
                        // comments, processing instructions: ignored
                    }
                }
            }
            return root;
        }

        private XmlNode start() {
            XmlNode n = new XmlNode(r.reader.getNamespaceURI(), r.reader.getLocalName());
            for (int i = 0; i < r.reader.getAttributeCount(); i++) {
                String ns = r.reader.getAttributeNamespace(i);
                String key = ns == null || ns.isEmpty() ? r.reader.getAttributeLocalName(i)
                        : "{" + ns + "}" + r.reader.getAttributeLocalName(i);
                n.attributes.put(key, r.reader.getAttributeValue(i));
            }
            return n;
        }

        /** Releases the underlying stream. */
        @Override
        public void close() {
            r.close();
        }
    }

    /** One open StAX reader over a source, with the document-level checks applied as events arrive. */
    private final class Reader implements Closeable {

        final InputStream in;
        final XMLStreamReader2 reader;
        String rootNs;
        java.nio.charset.Charset charset;

        void noteEncoding() {
            if (charset == null) {
                String enc = reader.getEncoding();
                if (enc == null) {
                    enc = reader.getCharacterEncodingScheme();
                }
                charset = enc == null ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc);
            }
        }

        Reader(PosLogSource source) {
            try {
                this.in = source.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                this.reader = (XMLStreamReader2) factory.createXMLStreamReader(in);
            } catch (XMLStreamException e) {
                closeQuietly();
                throw rejection(e);
            }
        }

        int next() throws XMLStreamException {
            int ev;
            try {
                ev = reader.next();
            } catch (XMLStreamException e) {
                throw rejection(e);
            }
            if (ev == XMLStreamConstants.DTD) {
                throw new PosLogRejectedException(PosLogRejectedException.DTD_REFUSED,
                        "a DOCTYPE is not allowed in a POSLog document (DTDs and entities are refused, never resolved)");
            }
            if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new PosLogRejectedException(PosLogRejectedException.DTD_REFUSED,
                        "entity reference &" + reader.getLocalName() + "; refused");
            }
            if (ev == XMLStreamConstants.START_ELEMENT && rootNs == null) {
                String local = reader.getLocalName();
                String ns = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
                if (!"POSLog".equals(local)) {
                    throw new PosLogRejectedException(PosLogRejectedException.WRONG_ROOT,
                            "root element is " + local + ", expected POSLog");
                }
                if (!KNOWN_NAMESPACES.contains(ns)) {
                    throw new PosLogRejectedException(PosLogRejectedException.UNKNOWN_NAMESPACE,
                            "POSLog is in namespace '" + ns + "'; known: " + NS_IXRETAIL + ", " + NS_V6);
                }
                rootNs = ns;
            }
            return ev;
        }

        PosLogRejectedException rejection(XMLStreamException e) {
            String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("entity") && (lower.contains("undeclared") || lower.contains("external")
                    || lower.contains("expansion"))) {
                return new PosLogRejectedException(PosLogRejectedException.DTD_REFUSED, m);
            }
            if (lower.contains("maximum") || lower.contains("limit")) {
                return new PosLogRejectedException(PosLogRejectedException.LIMIT_EXCEEDED, m);
            }
            return new PosLogRejectedException(PosLogRejectedException.MALFORMED, m);
        }

        @Override
        public void close() {
            try {
                reader.closeCompletely();
            } catch (XMLStreamException | RuntimeException e) {
                // the stream is closed below anyway
            }
            closeQuietly();
        }

        private void closeQuietly() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}

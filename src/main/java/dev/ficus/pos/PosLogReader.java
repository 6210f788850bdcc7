package dev.ficus.pos;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * One open StAX pass over a POSLog document with the document-level checks applied as events arrive: no DTD or
 * entity reference ({@link PosLogRejectedException#DTD_REFUSED}), root {@code POSLog}
 * ({@link PosLogRejectedException#WRONG_ROOT}) in a known namespace
 * ({@link PosLogRejectedException#UNKNOWN_NAMESPACE}); a parser error becomes {@code malformed-xml},
 * {@code dtd-refused} or {@code limit-exceeded} ({@link #rejection}).
 *
 * <p>Security ({@link #secureFactory()}): Woodstox with DTD support off, no external entity resolution, and limits
 * on element depth ({@value #MAX_DEPTH}), attribute size (64 KiB), attributes per element (256), text length
 * (4 MiB) and entity expansion. Not thread-safe: one reader per pass.
 */
final class PosLogReader implements Closeable {

    /** Deepest element nesting accepted. */
    static final int MAX_DEPTH = 64;
    /** Most characters of text collected per element of a transaction tree (mixed content is cut). */
    private static final int MAX_TEXT_PER_ELEMENT = 64 * 1024;

    private final InputStream in;
    private final XMLStreamReader2 reader;
    private String rootNs;
    private String rootName;
    private long rootEnd;
    private PosDocumentContext context;
    private Charset charset;

    /**
     * @param source  the document
     * @param factory a factory from {@link #secureFactory()}
     * @throws UncheckedIOException    when the source cannot be opened
     * @throws PosLogRejectedException when the document's start cannot be parsed
     */
    PosLogReader(PosLogSource source, XMLInputFactory factory) {
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

    /** @return a StAX factory with the settings above */
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

    /** @return whether there are more events */
    boolean hasNext() throws XMLStreamException {
        return reader.hasNext();
    }

    /**
     * @return the next event type ({@link XMLStreamConstants})
     * @throws PosLogRejectedException when the document breaks a document-level rule
     */
    int next() {
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
            checkRoot();
        }
        return ev;
    }

    private void checkRoot() {
        String local = reader.getLocalName();
        String ns = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
        if (!"POSLog".equals(local)) {
            throw new PosLogRejectedException(PosLogRejectedException.WRONG_ROOT,
                    "root element is " + local + ", expected POSLog");
        }
        if (!PosLogParser.KNOWN_NAMESPACES.contains(ns)) {
            throw new PosLogRejectedException(PosLogRejectedException.UNKNOWN_NAMESPACE,
                    "POSLog is in namespace '" + ns + "'; known: " + PosLogParser.NS_IXRETAIL + ", "
                            + PosLogParser.NS_V6);
        }
        rootNs = ns;
        String prefix = reader.getPrefix();
        rootName = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
        try {
            rootEnd = reader.getLocationInfo().getEndingCharOffset();
        } catch (XMLStreamException e) {
            throw rejection(e);
        }
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            declared.add(reader.getNamespaceURI(i));
        }
        java.util.Map<String, String> attributes = new java.util.HashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String ans = reader.getAttributeNamespace(i);
            attributes.put(ans == null || ans.isEmpty() ? reader.getAttributeLocalName(i)
                    : "{" + ans + "}" + reader.getAttributeLocalName(i), reader.getAttributeValue(i));
        }
        context = new PosDocumentContext(ns, java.util.Set.copyOf(declared), java.util.Map.copyOf(attributes));
    }

    /** @return the root's namespace, declarations and attributes, once the root was read */
    PosDocumentContext context() {
        return context;
    }

    /** @return whether the reader is on the start of a {@code Transaction} child of the root */
    boolean atTransaction() {
        return reader.getEventType() == XMLStreamConstants.START_ELEMENT && reader.getDepth() == 2
                && "Transaction".equals(reader.getLocalName()) && rootNs.equals(reader.getNamespaceURI());
    }

    /** @return the root element's qualified name as written ({@code POSLog} or {@code <prefix>:POSLog}) */
    String rootName() {
        return rootName;
    }

    /**
     * @return character offset in the decoded document just after the root's start tag: what comes before it (XML
     *         declaration, comments, the start tag with its namespace declarations) is the document's head
     */
    long rootEnd() {
        return rootEnd;
    }

    /** @return the root's namespace, once the root was read */
    String rootNamespace() {
        return rootNs;
    }

    /** @return character offset in the decoded document where the current event starts */
    long startOffset() throws XMLStreamException {
        return reader.getLocationInfo().getStartingCharOffset();
    }

    /** @return character offset in the decoded document where the current event ends */
    long endOffset() throws XMLStreamException {
        return reader.getLocationInfo().getEndingCharOffset();
    }

    /** @return the document's encoding (from the BOM or declaration; UTF-8 when neither), known once read */
    Charset charset() {
        if (charset == null) {
            String enc = reader.getEncoding();
            if (enc == null) {
                enc = reader.getCharacterEncodingScheme();
            }
            charset = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
        }
        return charset;
    }

    /**
     * Reads the element the reader is on (START_ELEMENT) and its subtree into a tree; ends on its END_ELEMENT.
     * Comments and processing instructions are dropped.
     */
    XmlNode readElement() {
        Deque<XmlNode> stack = new ArrayDeque<>();
        XmlNode root = start();
        stack.push(root);
        while (!stack.isEmpty()) {
            switch (next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    XmlNode child = start();
                    stack.peek().children.add(child);
                    stack.push(child);
                }
                case XMLStreamConstants.END_ELEMENT -> stack.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    XmlNode top = stack.peek();
                    // only leaf-ish text matters; keep a bound on what a mixed-content element collects
                    if (top.textBuffer.length() < MAX_TEXT_PER_ELEMENT) {
                        top.textBuffer.append(reader.getText());
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
        XmlNode n = new XmlNode(reader.getNamespaceURI(), reader.getLocalName());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String ns = reader.getAttributeNamespace(i);
            String key = ns == null || ns.isEmpty() ? reader.getAttributeLocalName(i)
                    : "{" + ns + "}" + reader.getAttributeLocalName(i);
            n.attributes.put(key, reader.getAttributeValue(i));
        }
        return n;
    }

    /** @return the refusal a parser error stands for: {@code dtd-refused}, {@code limit-exceeded} or malformed */
    static PosLogRejectedException rejection(XMLStreamException e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("entity") && (lower.contains("undeclared") || lower.contains("external")
                || lower.contains("expansion"))) {
            return new PosLogRejectedException(PosLogRejectedException.DTD_REFUSED, m);
        }
        if (lower.contains("maximum") || lower.contains("limit")) {
            return new PosLogRejectedException(PosLogRejectedException.LIMIT_EXCEEDED, m);
        }
        return new PosLogRejectedException(PosLogRejectedException.MALFORMED, m);
    }

    /** Releases the parser and the stream. */
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

package dev.ficus.pos;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Test helper: an {@link XmlNode} tree from a snippet, the way {@link PosLogReader#readElement()} builds one. */
final class XmlNodes {

    /** Namespace of the snippets (the default namespace {@link #parse} declares). */
    static final String NS = PosLogParser.NS_IXRETAIL;

    private XmlNodes() {
    }

    /**
     * @param xml one element; unprefixed names are in {@link #NS}, prefix {@code acs} is NCR ACS
     * @return its tree
     */
    static XmlNode parse(String xml) {
        int end = xml.indexOf('>');
        boolean selfClosing = xml.charAt(end - 1) == '/';
        int at = selfClosing ? end - 1 : end;
        String declared = xml.substring(0, at) + " xmlns=\"" + NS + "\" xmlns:acs=\"" + PosEventMapper.NS_ACS + "\""
                + xml.substring(at);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Element root = f.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(declared.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            return convert(root);
        } catch (Exception e) {
            throw new IllegalArgumentException(xml, e);
        }
    }

    private static XmlNode convert(Element e) {
        XmlNode n = new XmlNode(e.getNamespaceURI(), e.getLocalName());
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue;
            }
            String ns = a.getNamespaceURI();
            n.attributes.put(ns == null || ns.isEmpty() ? a.getLocalName() : "{" + ns + "}" + a.getLocalName(),
                    a.getNodeValue());
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                n.children.add(convert(child));
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                n.textBuffer.append(c.getNodeValue());
            }
        }
        return n;
    }
}

package dev.ficus.platform.soap;

import java.io.StringReader;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A SOAP 1.1 Fault (W3C Note "Simple Object Access Protocol (SOAP) 1.1", 8 May 2000, section 4.4): the
 * {@code faultcode} and {@code faultstring} of the first {@code Fault} element in the envelope namespace
 * {@value #ENVELOPE_NS}, read by {@link #parse(String)}.
 *
 * @param faultCode   the {@code faultcode} as written, a qualified name such as {@code soap:Client} (whitespace
 *                    stripped)
 * @param faultString the {@code faultstring}, entities decoded and whitespace stripped; empty when missing
 * @param clientFault whether the fault code is the envelope namespace's {@code Client} or a more specific
 *                    {@code Client.*} code (section 4.4.1: the message was wrong and should not be resent as is)
 */
public record SoapFault(String faultCode, String faultString, boolean clientFault) {

    /** Namespace of the SOAP 1.1 envelope. */
    public static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    /**
     * Reads a SOAP 1.1 Fault from a response body. The parser refuses any DTD (so no external entity or entity
     * expansion is ever processed) and never fetches anything.
     *
     * @param body the response body, or null
     * @return the fault, or empty when the body is null, blank, not well-formed XML (or has a DTD), holds no
     *         {@code Fault} element in the envelope namespace, or the fault has no {@code faultcode}
     */
    public static Optional<SoapFault> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        Document doc;
        try {
            doc = secureBuilder().parse(new InputSource(new StringReader(body)));
        } catch (Exception notXml) {
            return Optional.empty();
        }
        var faults = doc.getElementsByTagNameNS(ENVELOPE_NS, "Fault");
        if (faults.getLength() == 0) {
            return Optional.empty();
        }
        Element code = null;
        String text = "";
        for (Node child = faults.item(0).getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "faultcode".equals(element.getLocalName()) && code == null) {
                code = element;
            } else if (child instanceof Element element && "faultstring".equals(element.getLocalName())) {
                text = element.getTextContent().strip();
            }
        }
        if (code == null) {
            return Optional.empty();
        }
        String qname = code.getTextContent().strip();
        return Optional.of(new SoapFault(qname, text, isClientCode(code, qname)));
    }

    private static boolean isClientCode(Element code, String qname) {
        int colon = qname.indexOf(':');
        String prefix = colon < 0 ? null : qname.substring(0, colon);
        String local = qname.substring(colon + 1);
        return ENVELOPE_NS.equals(code.lookupNamespaceURI(prefix))
                && (local.equals("Client") || local.startsWith("Client."));
    }

    /**
     * The first element inside a SOAP 1.1 {@code Body}, parsed with the same secure parser as {@link #parse}.
     *
     * @param body a response body, or null
     * @return the element, or empty when the body is null, not well-formed XML (or has a DTD), not a SOAP 1.1
     *         envelope, or its {@code Body} is empty
     */
    public static Optional<Element> bodyContent(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            Document doc = secureBuilder().parse(new InputSource(new StringReader(body)));
            Element envelope = doc.getDocumentElement();
            if (!ENVELOPE_NS.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
                return Optional.empty();
            }
            var bodies = envelope.getElementsByTagNameNS(ENVELOPE_NS, "Body");
            for (Node child = bodies.getLength() == 0 ? null : bodies.item(0).getFirstChild(); child != null;
                 child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    return Optional.of(element);
                }
            }
            return Optional.empty();
        } catch (Exception notSoap) {
            return Optional.empty();
        }
    }

    private static DocumentBuilder secureBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler());   // throws on fatal errors; no "[Fatal Error]" on stderr
        return builder;
    }
}

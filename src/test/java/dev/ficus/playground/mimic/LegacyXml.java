package dev.ficus.playground.mimic;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes RetailCore's XML: UTF-8 declaration, no namespaces unless given, elements indented by 2 spaces, text
 * escaped, a {@code null} value written as an empty element ({@code <REGION/>}).
 */
final class LegacyXml {

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /**
     * Opens {@code <name attr="value" ...>} on its own line.
     *
     * @param name       element name, optionally prefixed ({@code soap:Envelope})
     * @param attributes attribute name/value pairs, e.g. {@code "xmlns", "urn:retailcore:orderentry"}
     */
    LegacyXml open(String name, String... attributes) {
        indent();
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
        out.append(">\n");
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    LegacyXml close() {
        String name = open.pop();
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes {@code <name>value</name>}, or {@code <name/>} when {@code value} is {@code null}. */
    LegacyXml leaf(String name, Object value) {
        indent();
        if (value == null) {
            out.append('<').append(name).append("/>\n");
        } else {
            out.append('<').append(name).append('>').append(escape(value.toString()))
                    .append("</").append(name).append(">\n");
        }
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }

    /** Escapes text for element content and attribute values; drops characters XML 1.0 cannot carry. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        if (c != 0xFFFE && c != 0xFFFF) {
                            sb.append(c);
                        }
                    }
                }
            }
        }
        return sb.toString();
    }
}

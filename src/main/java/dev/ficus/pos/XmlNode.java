package dev.ficus.pos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, read-only element tree of one POSLog {@code Transaction}, built while streaming so that only one
 * transaction is held in memory at a time. Attributes are keyed by {@code {namespace}local} or by {@code local}
 * for unqualified attributes; text is the concatenated, trimmed character content of the element itself.
 */
final class XmlNode {

    final String namespace;
    final String name;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlNode> children = new ArrayList<>();
    final StringBuilder textBuffer = new StringBuilder();

    XmlNode(String namespace, String name) {
        this.namespace = namespace == null ? "" : namespace;
        this.name = name;
    }

    String text() {
        return textBuffer.toString().strip();
    }

    /** @return the first child in {@code ns} named {@code local}, or {@code null} */
    XmlNode child(String ns, String local) {
        for (XmlNode c : children) {
            if (c.name.equals(local) && c.namespace.equals(ns)) {
                return c;
            }
        }
        return null;
    }

    /** @return every child in {@code ns} named {@code local} */
    List<XmlNode> all(String ns, String local) {
        List<XmlNode> found = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(local) && c.namespace.equals(ns)) {
                found.add(c);
            }
        }
        return found;
    }

    /** @return the trimmed text of the first such child, or {@code null} when absent or blank */
    String childText(String ns, String local) {
        XmlNode c = child(ns, local);
        if (c == null) {
            return null;
        }
        String t = c.text();
        return t.isEmpty() ? null : t;
    }

    /** @return an unqualified attribute's value, or {@code null} */
    String attr(String local) {
        return attributes.get(local);
    }

    /** @return a namespaced attribute's value, or {@code null} */
    String attr(String ns, String local) {
        return attributes.get("{" + ns + "}" + local);
    }
}

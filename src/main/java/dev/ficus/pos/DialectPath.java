package dev.ficus.pos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code from} path of a dialect rule, resolved: element steps as (namespace, local name) and an optional final
 * attribute key as {@link XmlNode} stores it ({@code local} or {@code {namespace}local}).
 *
 * @param namespaces the element steps' namespaces
 * @param names      the element steps' local names
 * @param attribute  the attribute key, or {@code null} when the path ends at an element
 */
record DialectPath(List<String> namespaces, List<String> names, String attribute) {

    /**
     * @param path     e.g. {@code Tender/dtv:TenderTypeCode} or {@code RetailTransaction/@dtv:TypeCode}
     * @param prefixes prefix -> namespace URI
     * @param ns       the POSLog namespace, for unprefixed steps
     * @throws IllegalArgumentException when a prefix is not declared or the path is empty
     */
    static DialectPath parse(String path, Map<String, String> prefixes, String ns) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a dialect rule needs a 'from' path");
        }
        List<String> namespaces = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String attribute = null;
        for (String step : path.split("/")) {
            boolean isAttribute = step.startsWith("@");
            String qname = isAttribute ? step.substring(1) : step;
            int colon = qname.indexOf(':');
            String stepNs = colon < 0 ? (isAttribute ? "" : ns) : prefixes.get(qname.substring(0, colon));
            if (stepNs == null) {
                throw new IllegalArgumentException("prefix of '" + step + "' is not declared in the dialect");
            }
            String local = colon < 0 ? qname : qname.substring(colon + 1);
            if (isAttribute) {
                attribute = stepNs.isEmpty() ? local : "{" + stepNs + "}" + local;
            } else {
                namespaces.add(stepNs);
                names.add(local);
            }
        }
        return new DialectPath(List.copyOf(namespaces), List.copyOf(names), attribute);
    }

    /** @return whether the chain of elements (root first) ends with this path's element steps */
    boolean matches(List<XmlNode> chain) {
        int n = names.size();
        if (chain.size() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            XmlNode node = chain.get(chain.size() - n + i);
            if (!node.name.equals(names.get(i)) || !node.namespace.equals(namespaces.get(i))) {
                return false;
            }
        }
        return true;
    }
}

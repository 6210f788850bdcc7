package dev.ficus.pos;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rewrites one transaction tree of a vendor's dialect into canonical ARTS POSLog, in place, before it is mapped:
 * the {@link PosDialect.Rule}s in order ({@code to} relative to the matched element's parent, {@code ..} steps going
 * up, or from the Transaction when it starts with {@code /}), then {@code BusinessDayDate} values in the dialect's format to ISO 8601,
 * then trailing-minus amounts ({@code 12.50-}) to {@code -12.50}. Nothing here refuses a transaction: a value that
 * does not parse is left as it is, for the mapper to report.
 */
final class DialectRules {

    private static final Pattern TRAILING_MINUS = Pattern.compile("\\d+(\\.\\d+)?-");

    private DialectRules() {
    }

    /**
     * @param dialect the dialect
     * @param tx      the {@code Transaction} element, rewritten in place
     * @param ns      the document's POSLog namespace
     * @throws IllegalArgumentException when a rule names an undeclared prefix (a broken dialect file)
     */
    static void apply(PosDialect dialect, XmlNode tx, String ns) {
        for (PosDialect.Rule rule : dialect.rename()) {
            apply(rule, DialectPath.parse(rule.from(), dialect.prefixes(), ns), tx, ns);
        }
        DateTimeFormatter days = dialect.businessDayFormat() == null ? null
                : DateTimeFormatter.ofPattern(dialect.businessDayFormat());
        if (days != null || dialect.trailingMinus()) {
            values(tx, ns, days, dialect.trailingMinus());
        }
    }

    private static void apply(PosDialect.Rule rule, DialectPath from, XmlNode tx, String ns) {
        List<List<XmlNode>> found = new ArrayList<>();
        if (from.attribute() != null && from.matches(List.of(tx)) && tx.attributes.containsKey(from.attribute())) {
            found.add(List.of(tx));
        }
        collect(tx, new ArrayList<>(List.of(tx)), from, found);
        boolean absolute = rule.to().startsWith("/");
        String to = absolute ? rule.to().substring(1) : rule.to();
        for (List<XmlNode> chain : found) {
            XmlNode element = chain.get(chain.size() - 1);
            if (from.attribute() != null) {
                String value = element.attributes.remove(from.attribute());
                place(absolute ? List.of(tx) : chain, to, translate(value, rule.values()), null, ns);
            } else {
                List<XmlNode> parents = chain.subList(0, chain.size() - 1);
                parents.get(parents.size() - 1).children.remove(element);
                place(absolute ? List.of(tx) : parents, to, translate(element.text(), rule.values()), element, ns);
            }
        }
    }

    /** Finds the element chains (Transaction first) that end with the path's element steps. */
    private static void collect(XmlNode node, List<XmlNode> chain, DialectPath path, List<List<XmlNode>> found) {
        for (XmlNode child : List.copyOf(node.children)) {
            chain.add(child);
            if (path.matches(chain) && (path.attribute() == null || child.attributes.containsKey(path.attribute()))) {
                found.add(List.copyOf(chain));
            }
            collect(child, chain, path, found);
            chain.remove(chain.size() - 1);
        }
    }

    /**
     * Puts {@code value} (or the moved {@code element}) at the relative path {@code to} under the last element of
     * {@code base} (a chain from the Transaction); {@code ..} steps go up the chain.
     */
    private static void place(List<XmlNode> base, String to, String value, XmlNode element, String ns) {
        String[] steps = to.split("/");
        int up = 0;
        while (up < steps.length - 1 && steps[up].equals("..")) {
            up++;
        }
        XmlNode at = base.get(Math.max(0, base.size() - 1 - up));
        for (int i = up; i < steps.length - 1; i++) {
            XmlNode next = at.child(ns, steps[i]);
            if (next == null) {
                next = new XmlNode(ns, steps[i]);
                at.children.add(next);
            }
            at = next;
        }
        String last = steps[steps.length - 1];
        if (last.startsWith("@")) {
            if (value != null) {
                at.attributes.put(last.substring(1), value);
            }
            return;
        }
        XmlNode moved = new XmlNode(ns, last);
        if (element != null) {
            moved.attributes.putAll(element.attributes);
            moved.children.addAll(element.children);
        }
        if (value != null) {
            moved.textBuffer.append(value);
        }
        at.children.add(moved);
    }

    static String translate(String value, Map<String, String> values) {
        if (value == null || values.isEmpty()) {
            return value;
        }
        String mapped = values.get(value.strip());
        return mapped != null ? mapped : values.getOrDefault("*", value.strip());
    }

    private static void values(XmlNode node, String ns, DateTimeFormatter days, boolean trailingMinus) {
        for (XmlNode child : node.children) {
            if (child.children.isEmpty()) {
                String text = child.text();
                String rewritten = text;
                if (days != null && child.name.equals("BusinessDayDate") && child.namespace.equals(ns)) {
                    rewritten = isoDay(text, days);
                } else if (trailingMinus && TRAILING_MINUS.matcher(text).matches()) {
                    rewritten = "-" + text.substring(0, text.length() - 1);
                }
                if (!rewritten.equals(text)) {
                    child.textBuffer.setLength(0);
                    child.textBuffer.append(rewritten);
                }
            } else {
                values(child, ns, days, trailingMinus);
            }
        }
    }

    private static String isoDay(String text, DateTimeFormatter days) {
        try {
            return LocalDate.parse(text, days).toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }
}

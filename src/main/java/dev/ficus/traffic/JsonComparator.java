package dev.ficus.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares two canonical JSON documents (Jackson trees: key order never matters) under a route's rules and lists
 * the paths where they differ, written {@code $.items[3].unitPrice.amount}.
 *
 * <p>Rules: ignored paths (configured, plus learned noise) are skipped; numbers compare by value, and two numbers
 * or two numeric strings within {@code numericTolerance} are equal; arrays at {@code unorderedArrays} paths are
 * compared as multisets (each element matched to an equal one; unmatched elements are reported at their index);
 * strings at {@code caseInsensitivePaths} compare ignoring case. Path patterns use {@code *} for any field name
 * and {@code [*]} for any index.
 */
public final class JsonComparator {

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private final List<Pattern> ignore;
    private final double tolerance;
    private final List<Pattern> unordered;
    private final List<Pattern> caseInsensitive;

    /**
     * @param rules        the route's comparison rules
     * @param learnedNoise further paths (concrete or patterns) to ignore
     */
    public JsonComparator(TrafficRoute.CompareRules rules, Collection<String> learnedNoise) {
        List<String> ignored = new ArrayList<>(rules.ignorePaths());
        ignored.addAll(learnedNoise);
        this.ignore = ignored.stream().map(JsonComparator::pattern).toList();
        this.tolerance = rules.numericTolerance();
        this.unordered = rules.unorderedArrays().stream().map(JsonComparator::pattern).toList();
        this.caseInsensitive = rules.caseInsensitivePaths().stream().map(JsonComparator::pattern).toList();
    }

    /** @return the differing paths, sorted; empty when the documents are equal under the rules */
    public List<String> diff(JsonNode left, JsonNode right) {
        TreeSet<String> out = new TreeSet<>();
        compare("$", left, right, out);
        return List.copyOf(out);
    }

    /**
     * Reads an answer or request body as a tree to compare.
     *
     * @param mapper the application's {@code ObjectMapper}
     * @param text   a JSON document, or {@code null}
     * @return its tree; a missing node for {@code null}; for text that is not JSON, a text node
     *         {@code "(not JSON) <text>"} (so it differs from every JSON answer and shows in a diff)
     */
    public static JsonNode read(ObjectMapper mapper, String text) {
        try {
            return text == null ? mapper.missingNode() : mapper.readTree(text);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode("(not JSON) " + text);
        }
    }

    /**
     * @param path a concrete path, e.g. {@code $.items[3].name}
     * @return the same path with every index replaced by {@code [*]}
     */
    public static String generalise(String path) {
        return path.replaceAll("\\[[0-9]+]", "[*]");
    }

    private void compare(String path, JsonNode a, JsonNode b, Collection<String> out) {
        if (matches(ignore, path)) {
            return;
        }
        boolean aMissing = a == null || a.isMissingNode();
        boolean bMissing = b == null || b.isMissingNode();
        if (aMissing || bMissing) {
            if (aMissing != bMissing) {
                out.add(path);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path + "." + name, a.get(name), b.get(name), out);
            }
        } else if (a.isArray() && b.isArray()) {
            if (matches(unordered, path)) {
                compareUnordered(path, a, b, out);
            } else {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    compare(path + "[" + i + "]", a.get(i), b.get(i), out);
                }
            }
        } else if (!scalarEqual(path, a, b)) {
            out.add(path);
        }
    }

    private void compareUnordered(String path, JsonNode a, JsonNode b, Collection<String> out) {
        List<JsonNode> rest = new ArrayList<>();
        b.forEach(rest::add);
        int i = 0;
        for (JsonNode element : a) {
            String at = path + "[" + i++ + "]";
            boolean found = false;
            for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
                List<String> sub = new ArrayList<>();
                compare(at, element, it.next(), sub);
                if (sub.isEmpty()) {
                    it.remove();
                    found = true;
                    break;
                }
            }
            if (!found) {
                out.add(at);
            }
        }
        for (int j = 0; j < rest.size(); j++) {
            out.add(path + "[" + (a.size() + j) + "]");
        }
    }

    private boolean scalarEqual(String path, JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return numbersEqual(a.decimalValue(), b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            String x = a.asText();
            String y = b.asText();
            if (x.equals(y)) {
                return true;
            }
            if (tolerance > 0 && NUMERIC.matcher(x).matches() && NUMERIC.matcher(y).matches()) {
                return numbersEqual(new BigDecimal(x), new BigDecimal(y));
            }
            return matches(caseInsensitive, path) && x.toLowerCase(Locale.ROOT).equals(y.toLowerCase(Locale.ROOT));
        }
        return a.equals(b);
    }

    private boolean numbersEqual(BigDecimal x, BigDecimal y) {
        return x.subtract(y).abs().compareTo(BigDecimal.valueOf(tolerance)) <= 0;
    }

    private static boolean matches(List<Pattern> patterns, String path) {
        for (Pattern p : patterns) {
            if (p.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern pattern(String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (path.startsWith("[*]", i)) {
                regex.append("\\[[0-9]+]");
                i += 2;
            } else if (c == '*') {
                regex.append("[^.\\[]+");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}

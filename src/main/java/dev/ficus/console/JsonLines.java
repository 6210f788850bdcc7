package dev.ficus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON answer written out one value per line (two-space indent, the document's own field order), each line with
 * its JSON path in the notation of traffic control's comparison ({@code $.items[3].unitPrice.amount}), so the diff
 * viewer can mark the lines at and under the paths where legacy and the modern side differ. Text that is not JSON
 * is kept as it is, one line per line, unmarked.
 */
final class JsonLines {

    /**
     * @param text    the line's text, indented
     * @param path    the JSON path of the value it opens or holds; {@code null} for a closing bracket or non-JSON text
     * @param differs whether the path is one of the differing paths or lies under one
     */
    record Line(String text, String path, boolean differs) {
    }

    private JsonLines() {
    }

    /**
     * @param json       Spring's ObjectMapper, to read the answer
     * @param text       an answer body, JSON or not; null reads as no line at all
     * @param differing  the differing paths, e.g. {@code $.unitPrice.amount}
     * @return its lines
     */
    static List<Line> of(ObjectMapper json, String text, Collection<String> differing) {
        List<Line> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            text.lines().forEach(line -> out.add(new Line(line, null, false)));
            return out;
        }
        write(node, "$", "", 0, false, differing, out);
        return out;
    }

    private static void write(JsonNode node, String path, String prefix, int depth, boolean comma,
                              Collection<String> differing, List<Line> out) {
        String indent = "  ".repeat(depth);
        String end = comma ? "," : "";
        boolean differs = differs(path, differing);
        if (node.isObject() && !node.isEmpty()) {
            out.add(new Line(indent + prefix + "{", path, differs));
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                write(field.getValue(), path + "." + field.getKey(), quoted(field.getKey()) + ": ", depth + 1,
                        fields.hasNext(), differing, out);
            }
            out.add(new Line(indent + "}" + end, null, differs));
        } else if (node.isArray() && !node.isEmpty()) {
            out.add(new Line(indent + prefix + "[", path, differs));
            for (int i = 0; i < node.size(); i++) {
                write(node.get(i), path + "[" + i + "]", "", depth + 1, i < node.size() - 1, differing, out);
            }
            out.add(new Line(indent + "]" + end, null, differs));
        } else {
            out.add(new Line(indent + prefix + node + end, path, differs));
        }
    }

    private static String quoted(String name) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(name).toString();
    }

    /** @return whether {@code path} is a differing path or lies under one ({@code $.a} covers {@code $.a.b}, {@code $.a[0]}) */
    static boolean differs(String path, Collection<String> differing) {
        for (String d : differing) {
            if (path.equals(d) || path.startsWith(d + ".") || path.startsWith(d + "[")) {
                return true;
            }
        }
        return false;
    }
}

package dev.ficus.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files shipped beside Ficus: the Grafana dashboard {@value #DASHBOARD} and the metric names its
 * PromQL expressions (Prometheus, "Querying basics") select.
 */
final class ObservabilityConfig {

    static final Path DASHBOARD = Path.of("config/grafana/dashboards/ficus.json");
    static final Path PROMETHEUS = Path.of("config/prometheus/prometheus.yml");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan");

    private ObservabilityConfig() {
    }

    /** @return every panel of the dashboard (rows' nested panels included) */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** @return the PromQL expressions of every panel's targets */
    static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        panels().forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        return expressions;
    }

    /** @return the metric names all the dashboard's expressions select */
    static Set<String> queriedMetrics() {
        Set<String> names = new TreeSet<>();
        expressions().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /**
     * The metric names one PromQL expression selects: identifiers that are not functions (followed by {@code (}),
     * aggregation modifiers' label lists ({@code by (...)}), label matchers ({@code {...}}), range or subquery
     * durations ({@code [...]}), strings, numbers or keywords.
     *
     * @param expr a PromQL expression, Grafana variables ({@code $route}, {@code $__rate_interval}) allowed inside
     *             matchers and ranges
     * @return the names, in order of first appearance
     */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new java.util.LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            boolean function = stripped.substring(m.end()).stripLeading().startsWith("(");
            boolean variable = m.start() > 0 && stripped.charAt(m.start() - 1) == '$';
            boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            if (!function && !variable && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** @return the dashboard's JSON model */
    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ficus.platform;

import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the Prometheus text exposition format 0.0.4 (prometheus.io, "Exposition formats"): one sample a line,
 * {@code name{labels} value [timestamp]}; lines starting with {@code #} are HELP/TYPE comments.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /** @return the distinct sample names of {@code text} (histograms give {@code _bucket}, {@code _count}, {@code _sum}) */
    static Set<String> sampleNames(String text) {
        Set<String> names = new TreeSet<>();
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> names.add(name(l)));
        return names;
    }

    /**
     * @return the sum of the values of every sample named {@code name} (all label sets); 0 when there is none
     * @throws NumberFormatException when a value is not a number of the format
     */
    static double value(String text, String name) {
        return text.lines().filter(l -> !l.startsWith("#") && name(l).equals(name))
                .mapToDouble(l -> Double.parseDouble(l.substring(Math.max(l.lastIndexOf('}') + 1, name(l).length()))
                        .trim().split(" ")[0]))
                .sum();
    }

    private static String name(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }
}

package dev.ficus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown result of one {@code bench/run}: one row per figure with Ficus's value, the peer's value measured in
 * the same run, their ratio, the goal, whether it is met, and the machine's 1-minute load average when the figure
 * was measured (the machine is shared: a high load means a noisy figure), followed by notes.
 */
final class BenchReport {

    /** One figure. */
    record Row(String figure, String ficus, String peer, String ratio, String goal, String met, String machine) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean judged;

    /** @param judged whether goals are judged (not in the smoke mode, whose loads are too small to mean anything) */
    BenchReport(boolean judged) {
        this.judged = judged;
    }

    /**
     * A figure where higher is better or lower is better, judged as {@code ficus / peer} against {@code goal}.
     *
     * @param higherIsBetter true: met when the ratio is at least {@code goal}; false: at most
     */
    void ratio(String figure, double ficus, double peer, String unit, boolean higherIsBetter, double goal,
               String machine) {
        double ratio = ficus / peer;
        boolean met = higherIsBetter ? ratio >= goal : ratio <= goal;
        rows.add(new Row(figure, format(ficus, unit), format(peer, unit), String.format(Locale.ROOT, "%.2f×", ratio),
                (higherIsBetter ? "≥ " : "≤ ") + goal + "×", verdict(met), machine));
    }

    /** A figure judged against an absolute bound, e.g. documents/s or MB. */
    void absolute(String figure, double ficus, String unit, boolean higherIsBetter, double bound, String machine) {
        boolean met = higherIsBetter ? ficus >= bound : ficus <= bound;
        rows.add(new Row(figure, format(ficus, unit), "–", "–", (higherIsBetter ? "≥ " : "≤ ") + format(bound, unit),
                verdict(met), machine));
    }

    /** A figure for information (no goal). */
    void info(String figure, String ficus, String peer, String machine) {
        rows.add(new Row(figure, ficus, peer, "–", "–", "–", machine));
    }

    /** Adds a line below the table. */
    void note(String note) {
        notes.add(note);
    }

    private String verdict(boolean met) {
        return judged ? (met ? "yes" : "**no**") : "(smoke)";
    }

    static String format(double value, String unit) {
        String number = Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + unit;
    }

    /** @return the 1-minute load average from {@code /proc/loadavg}, e.g. {@code load 1.53} */
    static String load() {
        try {
            return "load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "load ?";
        }
    }

    /**
     * @param title  the document's first heading
     * @param header lines describing the run (machine, JDK, options), each a Markdown paragraph line
     * @return the document
     */
    String markdown(String title, List<String> header) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        header.forEach(h -> md.append(h).append("  \n"));
        md.append("\n| figure | Ficus | peer | ratio | goal | met | machine |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.figure(), r.ficus(), r.peer(), r.ratio(), r.goal(), r.met(),
                    r.machine())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }
}

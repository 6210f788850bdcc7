package dev.ficus.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How long and how hard {@link DataPathBenchRun} loads each path, and where it writes. Two modes: the full run (each
 * load 10 s after a warm-up, goals judged) and the smoke run ({@code --smoke}: loads of a second or two, nothing
 * judged, for CI).
 *
 * @param smoke          smoke mode
 * @param out            the Markdown result file
 * @param flamePrefix    flame graphs go to {@code <prefix>-<path>-flame.html}
 * @param jar            the product jar
 * @param java           the {@code java} launcher for Ficus
 * @param jvmOptions     Ficus's JVM options
 * @param profilerJar    async-profiler's loader jar, or {@code null} for no flame graphs
 * @param connections    wrk connections of the throughput loads
 * @param warmSeconds    warm-up load per path, s
 * @param measureSeconds measured load per path, s
 * @param profileSeconds profiled load per path (separate from the measured one), s
 * @param shadowRounds   LEGACY/SHADOW round pairs
 * @param queueDocuments documents sent to {@code pos.inbound}
 * @param txPerDocument  transactions per queue document
 * @param only           the steps to run ({@code passthrough}, {@code cache-hit}, {@code pos-http}, {@code pos-queue},
 *                       {@code cache-miss}, {@code shadow}); empty: all
 */
record BenchSettings(boolean smoke, Path out, String flamePrefix, Path jar, String java, List<String> jvmOptions,
                     Path profilerJar, int connections, int warmSeconds, int measureSeconds, int profileSeconds,
                     int shadowRounds, int queueDocuments, int txPerDocument, List<String> only) {

    /** @return whether the step runs */
    boolean runs(String step) {
        return only.isEmpty() || only.contains(step);
    }

    /**
     * @param args {@code [--smoke] --out FILE --jar FILE [--java JAVA] [--jvm-options "..."] [--profiler JAR]
     *             [--only step,step] [--warm seconds]}
     * @return the settings
     * @throws IllegalArgumentException for an unknown or incomplete argument
     */
    static BenchSettings parse(String[] args) {
        boolean smoke = false;
        Path out = null;
        Path jar = null;
        Path profiler = null;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jvmOptions = "";
        List<String> only = List.of();
        int warm = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--java" -> java = args[++i];
                case "--jvm-options" -> jvmOptions = args[++i];
                case "--only" -> only = List.of(args[++i].split(","));
                case "--warm" -> warm = Integer.parseInt(args[++i]);
                case "--profiler" -> profiler = args[i + 1].isBlank() ? null : Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            if (args[i].equals("--profiler")) {
                i++;
            }
        }
        if (out == null || jar == null) {
            throw new IllegalArgumentException("--out and --jar are required");
        }
        List<String> options = Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        String prefix = out.toString().replaceFirst("\\.md$", "");
        return smoke
                ? new BenchSettings(true, out, prefix, jar, java, options, profiler, 32, warm < 0 ? 1 : warm, 2, 1, 1,
                        20, 10, only)
                : new BenchSettings(false, out, prefix, jar, java, options, profiler, 32, warm < 0 ? 15 : warm, 10, 5,
                        2, 2000, 10, only);
    }
}

package dev.ficus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness still runs end to end: {@code bench/run --smoke} (tiny loads on every path, the CDC run and
 * one JMH iteration; needs {@code wrk}, {@code nginx} and {@code pgbench}, which {@code .ci/run} installs) on the
 * jar this build packaged ({@code SKIP_BUILD=1}), and it wrote the result table with every figure. Timings are
 * never asserted: the smoke loads are far too short to mean anything, and the machine is shared.
 */
class BenchSmokeIT {

    @Test
    void smokeRunWritesEveryFigure() throws Exception {
        long started = System.currentTimeMillis();
        Path log = Files.createTempFile("bench-smoke", ".log");
        ProcessBuilder run = new ProcessBuilder("bench/run", "--smoke").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        run.environment().put("SKIP_BUILD", "1");
        Process process = run.start();
        boolean finished = process.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("bench/run --smoke finished within 15 minutes:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("bench/run --smoke exit code:\n%s", output).isZero();

        Path result;
        try (Stream<Path> files = Files.list(Path.of("target/bench-smoke"))) {
            result = files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> f.toFile().lastModified() >= started - 1000).findFirst().orElseThrow();
        }
        String table = Files.readString(result);
        assertThat(table).contains("| figure | Ficus | peer | ratio | goal | met | machine |",
                "nginx serving the 1 KB file directly", "| Pass-through `/legacy/**`", "| Cache hit",
                "| Cache miss", "| SHADOW p99", "| POS one-transaction POSLog documents/s over HTTP",
                "| POS transactions/s from `pos.inbound`", "| Start-up to ready", "| RSS after the loads",
                "## Change data capture", "published ÷ committed", "## JMH micro-benchmarks",
                "XsltTranslationBench.productCompiledOnce", "PosMappingBench.oneTransactionDocument",
                "ShadowDiffBench.productEqual");
        assertThat(table).doesNotContain("requests failed");
    }
}

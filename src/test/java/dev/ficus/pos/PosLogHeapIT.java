package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that a 50 MB batch of 50,000 transactions is parsed and mapped streaming: a child JVM with
 * {@code -Xmx256m} runs {@link PosLogStreamingRun} over it and must finish with every transaction mapped.
 */
class PosLogHeapIT {

    @Test
    void shouldStreamA50MbBatchOf50000TransactionsIn256MbOfHeap(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("batch-50k.xml");
        PosLogStreamingRun.generate(batch, 50_000);
        assertThat(Files.size(batch)).isGreaterThan(50L * 1000 * 1000);

        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), PosLogStreamingRun.class.getName(), batch.toString()))
                .redirectErrorStream(true).start();
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("transactions=50000 validated=50000 accepted=50000 balanced=50000");
        long peak = Long.parseLong(out.replaceAll("(?s).*peakHeapBytes=(\\d+).*", "$1"));
        assertThat(peak).isLessThan(256L * 1024 * 1024);
    }
}

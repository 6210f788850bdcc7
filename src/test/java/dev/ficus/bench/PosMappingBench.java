package dev.ficus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import dev.ficus.pos.PosEventMapper;
import dev.ficus.pos.PosLogItem;
import dev.ficus.pos.PosLogParser;
import dev.ficus.pos.PosLogSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: POSLog mapping, what POS ingest does to a document before any I/O: {@link PosLogParser#validate} (the
 * whole document once: size, well-formedness, no DTD, root) and then every transaction streamed and mapped to
 * its canonical CloudEvent ({@link PosEventMapper}). Documents: the one-transaction sale of {@code bench/run}'s HTTP
 * load (from the NCR ACS 2.1 sample) and a ten-transaction batch of it. Average time per document, µs.
 * Run alone: {@code java -cp <test class path> org.openjdk.jmh.Main PosMappingBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PosMappingBench {

    private PosLogParser parser;
    private byte[] oneTransaction;
    private byte[] tenTransactions;

    /** Builds the parser and the documents. */
    @Setup
    public void setUp() throws Exception {
        parser = new PosLogParser(10_485_760, new PosEventMapper("USD", new CloudEventWriter(new ObjectMapper())));
        PosLoad load = PosLoad.fromSample(Path.of("src/test/resources/pos/ncr-acs-2.1/SMALL.xml"));
        oneTransaction = load.document(1, 1, 1);
        tenTransactions = load.document(1, 1, 10);
    }

    /** One-transaction document: validated, parsed and mapped. */
    @Benchmark
    public void oneTransactionDocument(Blackhole bh) {
        ingest(oneTransaction, bh);
    }

    /** Ten-transaction document: validated, parsed and mapped. */
    @Benchmark
    public void tenTransactionDocument(Blackhole bh) {
        ingest(tenTransactions, bh);
    }

    private void ingest(byte[] document, Blackhole bh) {
        PosLogSource source = PosLogSource.of(document);
        bh.consume(parser.validate(source));
        try (PosLogParser.TransactionIterator it = parser.transactions(source)) {
            while (it.hasNext()) {
                PosLogItem item = it.next();
                bh.consume(item.event());
            }
        }
    }
}

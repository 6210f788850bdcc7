package dev.ficus.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.platform.events.CloudEventWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A runnable that streams a large POSLog batch through the parser and the mapping, for the heap proof in
 * {@link PosLogHeapIT} and as a benchmark (see bench/README.md):
 * {@code java -Xmx256m -cp <test classpath> dev.ficus.pos.PosLogStreamingRun <file> [generate <transactions>]}.
 * Prints one line {@code transactions=<n> accepted=<n> balanced=<n> bytes=<n> ms=<n> peakHeapBytes=<n>}.
 */
public final class PosLogStreamingRun {

    private PosLogStreamingRun() {
    }

    /**
     * @param args {@code <file>} to stream, optionally followed by {@code generate <count>} to write it first
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        if (args.length == 3 && args[1].equals("generate")) {
            generate(file, Integer.parseInt(args[2]));
        }
        long start = System.nanoTime();
        PosLogParser parser = new PosLogParser(Long.MAX_VALUE,
                new PosEventMapper("USD", new CloudEventWriter(new ObjectMapper())));
        PosLogSource source = PosLogSource.of(file);
        int validated = parser.validate(source);
        int n = 0;
        int accepted = 0;
        int balanced = 0;
        long jsonBytes = 0;
        try (PosLogParser.TransactionIterator it = parser.transactions(source)) {
            while (it.hasNext()) {
                PosLogItem item = it.next();
                n++;
                if (item.accepted()) {
                    accepted++;
                    jsonBytes += item.event().json().length();
                    if (item.event().balanced()) {
                        balanced++;
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("transactions=" + n + " validated=" + validated + " accepted=" + accepted + " balanced="
                + balanced + " bytes=" + Files.size(file) + " eventJsonChars=" + jsonBytes + " ms=" + ms
                + " peakHeapBytes=" + peak);
    }

    /** Writes a POSLog 2.x batch of {@code count} sales of about 1 KB each (store 500, workstation 1). */
    static void generate(Path file, int count) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<POSLog xmlns=\"" + PosLogParser.NS_IXRETAIL
                    + "\" xmlns:acs=\"http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1\">\n");
            for (int i = 1; i <= count; i++) {
                w.write("<Transaction><RetailStoreID>500</RetailStoreID><WorkstationID>1</WorkstationID><SequenceNumber>"
                        + i + "</SequenceNumber><BusinessDayDate>2024-05-01</BusinessDayDate>"
                        + "<EndDateTime>2024-05-01T10:00:00Z</EndDateTime><CurrencyCode>USD</CurrencyCode>"
                        + "<RetailTransaction Version=\"2.1\">"
                        + "<LineItem><SequenceNumber>1</SequenceNumber><Sale ItemType=\"Stock\"><ItemID>00012345678905"
                        + "</ItemID><Description>ORGANIC BANANAS PER LB</Description><RegularSalesUnitPrice>0.79"
                        + "</RegularSalesUnitPrice><ExtendedAmount>1.58</ExtendedAmount><Quantity>2</Quantity>"
                        + "<acs:OperatorSequence>1</acs:OperatorSequence></Sale></LineItem>"
                        + "<LineItem><SequenceNumber>2</SequenceNumber><Sale ItemType=\"Stock\"><ItemID>00098765432109"
                        + "</ItemID><Description>WHOLE MILK 1 GAL</Description><RegularSalesUnitPrice>3.49"
                        + "</RegularSalesUnitPrice><ExtendedAmount>3.49</ExtendedAmount><Quantity>1</Quantity></Sale>"
                        + "</LineItem><LineItem><SequenceNumber>3</SequenceNumber><Tax><Amount>0.41</Amount></Tax>"
                        + "</LineItem><LineItem><SequenceNumber>4</SequenceNumber><Tender TenderType=\"Cash\">"
                        + "<TenderID>1</TenderID><Amount>10.00</Amount><TenderChange><Amount>4.52</Amount>"
                        + "</TenderChange></Tender></LineItem>"
                        + "<Total TotalType=\"TransactionGrandAmount\">5.48</Total></RetailTransaction>"
                        + "</Transaction>\n");
            }
            w.write("</POSLog>\n");
        }
    }
}

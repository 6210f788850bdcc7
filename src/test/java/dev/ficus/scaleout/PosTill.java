package dev.ficus.scaleout;

import dev.ficus.bench.PosLoad;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A till that POSTs one-transaction POSLog documents ({@code /api/v1/pos/transactions}, made from the NCR ACS 2.1
 * sample by {@link PosLoad}), each with the next sequence number of its workstation, and tells which were accepted
 * ({@code 202}) and which failed (any other answer, or none).
 */
final class PosTill {

    /** Sequence numbers of the documents accepted and of those that failed. */
    record Outcome(Set<Long> accepted, Set<Long> failed) {
    }

    private final String baseUrl;
    private final int workstation;
    private final PosLoad load;
    private final AtomicLong sequence = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PosTill(String baseUrl, int workstation) {
        this.baseUrl = baseUrl;
        this.workstation = workstation;
        try {
            this.load = PosLoad.fromSample(Path.of("src/test/resources/pos/ncr-acs-2.1/SMALL.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends from {@code threads} threads for {@code total}, running {@code disruption} once after {@code disruptAfter}.
     *
     * @return which documents were accepted and which failed
     */
    Outcome sendFor(Duration total, int threads, Duration disruptAfter, Callable<Void> disruption) {
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        Set<Long> failed = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + total.toNanos();
        CountDownLatch done = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            long seq = sequence.incrementAndGet();
                            (send(seq) ? accepted : failed).add(seq);
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (!done.await(disruptAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                disruption.call();
            }
            if (!done.await(total.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new AssertionError("till threads still sending 60 s after the load ended");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(accepted, failed);
    }

    /** Sends each document again until it is answered 202 (accepted or duplicate), at most 20 attempts each. */
    void resend(Set<Long> sequences) throws InterruptedException {
        for (long seq : sequences) {
            int attempts = 0;
            while (!send(seq)) {
                if (++attempts == 20) {
                    throw new AssertionError("document " + seq + " refused 20 times");
                }
                Thread.sleep(500);
            }
        }
    }

    /** @return per sequence number of this till's workstation, how many events of the messages are for it */
    Map<Long, Integer> received(List<Message> messages) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (Message m : messages) {
            String key;
            try {
                key = m.getStringProperty("FicusPosKey");
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            String[] parts = key == null ? new String[0] : key.split("/");
            if (parts.length == 4 && parts[1].equals(Integer.toString(workstation))) {
                counts.merge(Long.parseLong(parts[3]), 1, Integer::sum);
            }
        }
        return counts;
    }

    private boolean send(long seq) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl + "/api/v1/pos/transactions"))
                    .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(load.document(workstation, seq, 1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

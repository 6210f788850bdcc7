package dev.ficus.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEvent;
import dev.ficus.platform.events.CloudEventWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each rollout history entry to {@code traffic.rollout.webhook-url} as a CloudEvent 1.0 in structured content
 * mode (CloudEvents HTTP Protocol Binding 1.0.2, section 3.2): {@code POST}, {@code Content-Type:
 * application/cloudevents+json; charset=UTF-8}, the body written by {@link CloudEventWriter}. Attributes:
 * {@code id} a name-based UUID of the entry's row id (a retry sends the same id), {@code source}
 * {@value #SOURCE}, {@code type} {@value #TYPE_PREFIX}{@code <event>} ({@code started, advanced, paused, resumed,
 * promoted, aborted, completed}), {@code subject} the route id, {@code time} the entry's time; {@code data}
 * {@code {"routeId","rolloutId","event","status","step","percent","steps":[...],"actor","reason","at"}}.
 *
 * <p>Never blocks its caller: events wait in a bounded queue ({@code webhook-queue-capacity}; beyond it an event
 * is dropped) for one sending thread, which keeps their order. An attempt fails on an I/O error, after
 * {@code webhook-timeout-ms} or on a status other than 2xx; it is retried {@code webhook-retries} times, waiting
 * {@code webhook-retry-delay-ms}, doubled each time. Failures are logged at WARN and counted
 * ({@code ficus.traffic.rollout.notifications}, {@link TrafficMetrics}). Only the replica that made a change sends
 * its events; events still queued when it stops are lost. With no URL configured nothing is sent.
 */
final class RolloutNotifier {

    /** CloudEvents {@code source} of rollout events. */
    static final String SOURCE = "/ficus/traffic/rollouts";
    /** CloudEvents {@code type} prefix; the event's name follows. */
    static final String TYPE_PREFIX = "dev.ficus.traffic.rollout.";

    private static final Logger LOG = LoggerFactory.getLogger(RolloutNotifier.class);

    private final RolloutProperties properties;
    private final CloudEventWriter writer;
    private final ObjectMapper json;
    private final TrafficMetrics metrics;
    private final HttpClient http;
    private final ThreadPoolExecutor sender;

    RolloutNotifier(RolloutProperties properties, CloudEventWriter writer, ObjectMapper json, TrafficMetrics metrics) {
        this.properties = properties;
        this.writer = writer;
        this.json = json;
        this.metrics = metrics;
        boolean on = properties.webhookUrl() != null && !properties.webhookUrl().isBlank();
        this.http = on ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(properties.webhookTimeoutMs())).build() : null;
        this.sender = on ? new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.webhookQueueCapacity())), r -> {
                    Thread t = new Thread(r, "traffic-rollout-webhook");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy()) : null;
    }

    /** Queues one CloudEvent per entry, in order; returns at once. */
    void publish(Rollout rollout, List<RolloutStore.Entry> entries) {
        if (sender == null) {
            return;
        }
        for (RolloutStore.Entry entry : entries) {
            String body = writer.write(event(rollout, entry));
            try {
                sender.execute(() -> send(rollout.routeId(), entry.event(), body));
            } catch (RejectedExecutionException e) {
                metrics.rolloutNotification(rollout.routeId(), entry.event(), "dropped");
                LOG.warn("traffic: rollout webhook queue full, {} event {} of {} dropped", entry.event(), entry.id(),
                        rollout.routeId());
            }
        }
    }

    /**
     * @return the CloudEvent of one history entry; its {@code status} and {@code step} are the plan's after the whole
     *         move that recorded the entry
     */
    CloudEvent event(Rollout rollout, RolloutStore.Entry entry) {
        ObjectNode data = json.createObjectNode();
        data.put("routeId", rollout.routeId());
        data.put("rolloutId", rollout.id());
        data.put("event", entry.event());
        data.put("status", rollout.status().tag());
        data.put("step", rollout.currentStep());
        data.put("percent", entry.percent());
        data.set("steps", json.valueToTree(rollout.steps()));
        data.put("actor", entry.actor());
        data.put("reason", entry.reason());
        data.put("at", entry.at().toString());
        return new CloudEvent(CloudEvent.nameBasedId("ficus-traffic-rollout-event:" + entry.id()), SOURCE,
                TYPE_PREFIX + entry.event(), rollout.routeId(), entry.at().toString(), Map.of(), data);
    }

    private void send(String routeId, String event, String body) {
        long delay = properties.webhookRetryDelayMs();
        for (int attempt = 0; attempt <= properties.webhookRetries(); attempt++) {
            String failure = attempt(body);
            if (failure == null) {
                metrics.rolloutNotification(routeId, event, "sent");
                return;
            }
            boolean last = attempt == properties.webhookRetries();
            metrics.rolloutNotification(routeId, event, last ? "failed" : "retried");
            LOG.warn("traffic: rollout webhook, {} event of {}, attempt {} of {} failed: {}", event, routeId,
                    attempt + 1, properties.webhookRetries() + 1, failure);
            if (!last && !pause(delay)) {
                return;
            }
            delay *= 2;
        }
    }

    /** @return null when the webhook answered 2xx, else what went wrong */
    private String attempt(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.webhookUrl()))
                .timeout(Duration.ofMillis(properties.webhookTimeoutMs()))
                .header("Content-Type", CloudEventWriter.MEDIA_TYPE + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // the sending thread waits between attempts, so the events keep their order; a stop interrupts it
    private static boolean pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the sending thread; events still queued are not sent. */
    void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
    }
}

package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.platform.events.CloudEventWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout webhook against a real HTTP receiver (WireMock): each history entry is one structured-mode CloudEvent,
 * a failed attempt (an error status, a timeout) is retried with the same id, a full queue drops and counts, and
 * nothing waits for the receiver.
 */
class RolloutNotifierTest {

    static final Instant AT = Instant.parse("2026-03-01T10:00:05.250Z");

    final WireMockServer webhook = new WireMockServer(options().dynamicPort());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RolloutNotifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        webhook.stop();
    }

    RolloutNotifier notifier(long timeoutMs, int retries, int capacity) {
        webhook.start();
        notifier = new RolloutNotifier(new RolloutProperties(webhook.baseUrl() + "/hooks/rollouts", timeoutMs,
                retries, 50, capacity), new CloudEventWriter(TrafficFixtures.JSON), TrafficFixtures.JSON,
                new TrafficMetrics(meters));
        return notifier;
    }

    static Rollout paused() {
        return new Rollout(7, "facade-get-product", Rollout.Status.PAUSED, List.of(new RolloutStep(5, 1_000L, false),
                new RolloutStep(25, 60_000L, true)), 1, AT, 12, "waits", 4);
    }

    static RolloutStore.Entry entry(long id, String event) {
        return new RolloutStore.Entry(id, AT, TrafficGates.ACTOR, event, 25, event + " at 25 %");
    }

    double count(String event, String result) {
        var counter = meters.find("ficus.traffic.rollout.notifications").tag("route", "facade-get-product")
                .tag("event", event).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    List<JsonNode> received() throws Exception {
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (LoggedRequest r : webhook.findAll(postRequestedFor(urlEqualTo("/hooks/rollouts")))) {
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/cloudevents+json; charset=UTF-8");
            bodies.add(TrafficFixtures.JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void shouldPostEachEntryAsAStructuredCloudEventRetryingWithTheSameIdUntilAccepted() throws Exception {
        notifier(300, 3, 10);
        webhook.stubFor(post(urlEqualTo("/hooks/rollouts")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("slow"));
        webhook.stubFor(post(urlEqualTo("/hooks/rollouts")).inScenario("flaky").whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(202).withFixedDelay(2_000)).willSetStateTo("fine"));
        webhook.stubFor(post(urlEqualTo("/hooks/rollouts")).inScenario("flaky").whenScenarioStateIs("fine")
                .willReturn(aResponse().withStatus(202)));

        notifier.publish(paused(), List.of(entry(41, "advanced"), entry(42, "paused")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("paused", "sent")).isEqualTo(1));
        List<JsonNode> events = received();
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly(
                "dev.ficus.traffic.rollout.advanced", "dev.ficus.traffic.rollout.advanced",
                "dev.ficus.traffic.rollout.advanced", "dev.ficus.traffic.rollout.paused");
        assertThat(events.subList(0, 3)).extracting(e -> e.get("id").asText()).containsOnly(events.get(0).get("id")
                .asText());
        assertThat(events.get(3).get("id").asText()).isNotEqualTo(events.get(0).get("id").asText());
        JsonNode event = events.get(0);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("source").asText()).isEqualTo("/ficus/traffic/rollouts");
        assertThat(event.get("subject").asText()).isEqualTo("facade-get-product");
        assertThat(event.get("time").asText()).isEqualTo("2026-03-01T10:00:05.250Z");
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.get("data").toString()).isEqualTo("{\"routeId\":\"facade-get-product\",\"rolloutId\":7,"
                + "\"event\":\"advanced\",\"status\":\"paused\",\"step\":1,\"percent\":25,\"steps\":["
                + "{\"percent\":5,\"pauseMs\":1000,\"pause\":false},{\"percent\":25,\"pauseMs\":60000,"
                + "\"pause\":true}],\"actor\":\"ficus-gates\",\"reason\":\"advanced at 25 %\","
                + "\"at\":\"2026-03-01T10:00:05.250Z\"}");
        assertThat(count("advanced", "retried")).isEqualTo(2);
        assertThat(count("advanced", "sent")).isEqualTo(1);
        assertThat(count("advanced", "failed")).isZero();
    }

    @Test
    void shouldCountAnEventFailedAfterItsLastRetry() {
        notifier(1_000, 1, 10);
        webhook.stubFor(post(urlEqualTo("/hooks/rollouts")).willReturn(aResponse().withStatus(503)));

        notifier.publish(paused(), List.of(entry(43, "aborted")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("aborted", "failed"))
                .isEqualTo(1));
        assertThat(count("aborted", "retried")).isEqualTo(1);
        webhook.verify(2, postRequestedFor(urlEqualTo("/hooks/rollouts")));
    }

    @Test
    void shouldDropAndCountEventsBeyondTheQueueWithoutWaitingForTheReceiver() {
        notifier(5_000, 0, 1);
        webhook.stubFor(post(urlEqualTo("/hooks/rollouts")).willReturn(aResponse().withStatus(204)
                .withFixedDelay(1_000)));

        // the first is being sent, the second waits in the queue of 1, the third finds it full
        notifier.publish(paused(), List.of(entry(44, "started"), entry(45, "advanced"), entry(46, "completed")));

        assertThat(count("completed", "dropped")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count("advanced", "sent"))
                .isEqualTo(1));
        assertThat(count("started", "sent")).isEqualTo(1);
        webhook.verify(2, postRequestedFor(urlEqualTo("/hooks/rollouts")));
    }

    @Test
    void shouldSendNothingWithoutAWebhookUrl() {
        RolloutNotifier off = new RolloutNotifier(new RolloutProperties("", 1_000, 3, 50, 10),
                new CloudEventWriter(TrafficFixtures.JSON), TrafficFixtures.JSON, new TrafficMetrics(meters));
        off.publish(paused(), List.of(entry(47, "started")));
        off.close();
        assertThat(meters.find("ficus.traffic.rollout.notifications").counters()).isEmpty();
    }
}

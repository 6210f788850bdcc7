package dev.ficus.traffic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic control on a plain Camel route standing in for a façade route whose legacy answer carries a value that
 * changes on every call (a timestamp): noise learning must find it and stop reporting it; a shadow must never
 * change the client's answer. The modern side is a WireMock.
 */
class TrafficControlTest {

    final WireMockServer modern = new WireMockServer(options().dynamicPort());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AtomicInteger legacyCalls = new AtomicInteger();
    CamelContext camel;
    TrafficControl control;
    TrafficStates states;

    @BeforeEach
    void start() throws Exception {
        modern.start();
        TrafficRoute route = new TrafficRoute(MigrationState.SHADOW, modern.baseUrl(), null, 1_000L,
                new TrafficRoute.BusinessKey(TrafficRoute.KeySource.PATH, "id"), null, null, null,
                new TrafficRoute.CompareRules(null, null, null, null, new TrafficRoute.NoiseLearning(true, 100.0)),
                null, null);
        Map<String, TrafficRoute> routes = Map.of("facade-test", route);
        camel = new DefaultCamelContext();
        states = new TrafficStates(null, routes, 250);
        control = TrafficFixtures.control(routes, states, meters, (declaration, request) -> {
            // in the application a loopback HTTP call; here the same route, in-process
            Exchange again = camel.createProducerTemplate().request("direct:facade-test", e -> {
                e.getMessage().setHeader("id", request.key());
                e.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
                e.setProperty(TrafficControl.NOISE_PROBE_PROPERTY, true);
            });
            return again.getMessage().getBody(String.class);
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:facade-test").routeId("facade-test")
                        .process(e -> control.dispatch(e, "facade-test"))
                        .process(e -> e.getMessage().setBody("{\"id\":" + e.getMessage().getHeader("id")
                                + ",\"name\":\"Chai\",\"generatedAt\":\"" + UUID.randomUUID() + "\",\"call\":"
                                + (legacyCalls.incrementAndGet() * 0) + "}"))
                        .process(control::shadow);
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        control.close();
        modern.stop();
    }

    private Exchange request(int id) {
        return camel.createProducerTemplate().request("direct:facade-test", e -> {
            e.getMessage().setHeader("id", id);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            e.setProperty("FicusRequestPath", "/api/v1/test/" + id);
        });
    }

    @Test
    void shouldLearnLegacyNoiseAndReportOnlyRealDifferences() {
        modern.stubFor(WireMock.get(urlPathEqualTo("/api/v1/test/1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":1,\"name\":\"Chai\",\"generatedAt\":\"2026-01-01T00:00:00Z\",\"call\":0}")));
        modern.stubFor(WireMock.get(urlPathEqualTo("/api/v1/test/2")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":2,\"name\":\"Chang\",\"generatedAt\":\"x\",\"call\":0}")));

        Exchange answer = request(1);

        assertThat(answer.getMessage().getBody(String.class)).startsWith("{\"id\":1,\"name\":\"Chai\"");
        assertThat(answer.getMessage().getHeader(TrafficControl.SERVED_BY)).isEqualTo("legacy");
        RouteRuntime rt = control.runtime("facade-test");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(rt.learnedNoise()).containsExactly("$.generatedAt");
            assertThat(rt.totals(System.currentTimeMillis()).comparisons()).isEqualTo(1);
        });
        assertThat(rt.recentDiffs()).isEmpty();
        assertThat(legacyCalls.get()).isEqualTo(2);

        request(2);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rt.recentDiffs()).hasSize(1));
        assertThat(rt.recentDiffs().get(0).paths()).containsExactly("$.name");
        assertThat(rt.recentDiffs().get(0).key()).isEqualTo("2");
        assertThat(meters.get("ficus.traffic.shadow.comparisons").tag("result", "mismatch").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("ficus.traffic.shadow.comparisons").tag("result", "match").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("ficus.traffic.requests").tag("side", "legacy").timer().count()).isEqualTo(2);
    }

    @Test
    void shouldTakeTheStickyKeyFromAHeaderAQueryParameterOrAJsonField() throws Exception {
        modern.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"modern\":true}")));
        Map<String, TrafficRoute> routes = new java.util.LinkedHashMap<>();
        for (var source : List.of(TrafficRoute.KeySource.HEADER, TrafficRoute.KeySource.QUERY,
                TrafficRoute.KeySource.JSON)) {
            String name = source == TrafficRoute.KeySource.JSON ? "/order/customerId" : "customer";
            // a generous modern timeout: a slow first call on a busy machine would fall back to legacy
            routes.put("facade-key-" + source.name().toLowerCase(), new TrafficRoute(MigrationState.LEGACY,
                    modern.baseUrl(), null, 30_000L, new TrafficRoute.BusinessKey(source, name), null, null, null,
                    null, null, null));
        }
        TrafficStates states = new TrafficStates(null, routes, 250);
        TrafficControl keyed = TrafficFixtures.control(routes, states, meters, (declaration, request) -> null);
        routes.keySet().forEach(id -> states.apply(new RouteState(id, MigrationState.CANARY, 50, 2, "MANUAL", null,
                "test")));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String id : routes.keySet()) {
                    from("direct:" + id).routeId(id)
                            .process(e -> keyed.dispatch(e, id))
                            .setBody(constant("{\"legacy\":true}"))
                            .process(keyed::shadow);
                }
            }
        });
        try {
            for (int i = 0; i < 40; i++) {
                String customer = "C" + i;
                boolean expectModern = ConsistentSplit.modern(customer, 50);
                for (int repeat = 0; repeat < 2; repeat++) {
                    Exchange header = camel.createProducerTemplate().request("direct:facade-key-header", e -> {
                        e.getMessage().setHeader("customer", customer);
                        e.setProperty("FicusRequestPath", "/api/v1/x");
                    });
                    Exchange query = camel.createProducerTemplate().request("direct:facade-key-query", e -> {
                        e.getMessage().setHeader(Exchange.HTTP_QUERY, "a=1&customer=" + customer + "&b=2");
                        e.setProperty("FicusRequestPath", "/api/v1/x");
                    });
                    Exchange json = camel.createProducerTemplate().request("direct:facade-key-json", e -> {
                        e.getMessage().setHeader(Exchange.HTTP_METHOD, "PUT");
                        e.getMessage().setBody("{\"order\":{\"customerId\":\"" + customer + "\"}}");
                        e.setProperty("FicusRequestPath", "/api/v1/x");
                    });
                    for (Exchange answer : List.of(header, query, json)) {
                        assertThat(answer.getMessage().getHeader(TrafficControl.SERVED_BY))
                                .as("customer %s via %s", customer, answer.getFromRouteId())
                                .isEqualTo(expectModern ? "modern" : "legacy");
                    }
                }
            }
        } finally {
            keyed.close();
        }
    }

    @Test
    void shouldCountAnUnavailableModernSideAsAGateErrorOnlyWhenTheClientGetsTheError() {
        modern.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "7")));
        states.apply(new RouteState("facade-test", MigrationState.MODERN, 100, 2, "MANUAL", null, "test"));

        Exchange read = camel.createProducerTemplate().request("direct:facade-test", e -> {
            e.getMessage().setHeader("id", 4);
            e.setProperty("FicusRequestPath", "/api/v1/test/4");
        });
        assertThat(read.getMessage().getHeader(TrafficControl.SERVED_BY)).isEqualTo("legacy");   // fell back
        assertThat(control.runtime("facade-test").totals(System.currentTimeMillis()).modernErrors())
                .isZero();

        Exchange write = camel.createProducerTemplate().request("direct:facade-test", e -> {
            e.getMessage().setHeader("id", 4);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setBody("{\"x\":1}");
            e.setProperty("FicusRequestPath", "/api/v1/test/4");
        });
        assertThat(write.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(write.getMessage().getHeader("Retry-After").toString()).isEqualTo("7");
        assertThat(control.runtime("facade-test").totals(System.currentTimeMillis()).modernErrors())
                .isEqualTo(1);
    }

    @Test
    void shouldNeverShadowANonIdempotentRequestUnlessDeclaredSafe() {
        Exchange answer = camel.createProducerTemplate().request("direct:facade-test", e -> {
            e.getMessage().setHeader("id", 3);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setBody("{\"x\":1}");
            e.setProperty("FicusRequestPath", "/api/v1/test/3");
        });

        assertThat(answer.getMessage().getHeader(TrafficControl.SERVED_BY)).isEqualTo("legacy");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(modern.getAllServeEvents()).isEmpty());
        assertThat(legacyCalls.get()).isEqualTo(1);
        assertThat(List.copyOf(control.runtime("facade-test").learnedNoise())).isEmpty();
    }

    @Test
    void shouldExposeEachRoutesStateAndDeclaredModernShareAsGauges() {
        var state = meters.get("ficus.traffic.route.state").tag("route", "facade-test").gauge();
        var share = meters.get("ficus.traffic.route.modern.share").tag("route", "facade-test").gauge();
        assertThat(state.value()).isEqualTo(1.0);   // SHADOW, the declared initial state
        assertThat(share.value()).isZero();

        states.apply(new RouteState("facade-test", MigrationState.CANARY, 30, 2, "MANUAL", Instant.now(), "alice"));
        assertThat(state.value()).isEqualTo(2.0);
        assertThat(share.value()).isEqualTo(30.0);

        states.apply(new RouteState("facade-test", MigrationState.RETIRED, 0, 3, "MANUAL", Instant.now(), "alice"));
        assertThat(state.value()).isEqualTo(4.0);
        assertThat(share.value()).isEqualTo(100.0);
        assertThat(meters.get("ficus.traffic.route.modern.share").gauge().getId().getBaseUnit()).isEqualTo("percent");
    }
}

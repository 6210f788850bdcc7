package dev.ficus.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The sticky key from a header, path parameter, query parameter or JSON field; the snapshot of an exchange. */
class RequestSnapshotsTest {

    final RequestSnapshots snapshots = new RequestSnapshots(TrafficFixtures.JSON);

    static TrafficRoute.BusinessKey key(TrafficRoute.KeySource source, String name) {
        return new TrafficRoute.BusinessKey(source, name);
    }

    @Test
    void shouldTakeTheKeyFromAHeaderOrPathParameter() {
        Map<String, String> headers = Map.of("customer", "C7", "id", "11");

        assertThat(snapshots.businessKey(key(TrafficRoute.KeySource.HEADER, "customer"), headers::get, null, null))
                .isEqualTo("C7");
        assertThat(snapshots.businessKey(key(TrafficRoute.KeySource.PATH, "id"), headers::get, null, null))
                .isEqualTo("11");
        assertThat(snapshots.businessKey(key(TrafficRoute.KeySource.HEADER, "nope"), headers::get, null, null))
                .isNull();
    }

    @Test
    void shouldTakeTheKeyFromADecodedQueryParameter() {
        var category = key(TrafficRoute.KeySource.QUERY, "category");

        assertThat(snapshots.businessKey(category, n -> null, "a=1&category=Dairy%20Products&b=2", null))
                .isEqualTo("Dairy Products");
        assertThat(snapshots.businessKey(category, n -> null, "category", null)).isEmpty();
        assertThat(snapshots.businessKey(category, n -> null, "other=1", null)).isNull();
        assertThat(snapshots.businessKey(category, n -> null, null, null)).isNull();
    }

    @Test
    void shouldTakeTheKeyFromAJsonScalarOnly() {
        var customer = key(TrafficRoute.KeySource.JSON, "/order/customerId");

        assertThat(snapshots.businessKey(customer, n -> null, null, "{\"order\":{\"customerId\":42}}"))
                .isEqualTo("42");
        assertThat(snapshots.businessKey(customer, n -> null, null, "{\"order\":{\"customerId\":{\"a\":1}}}"))
                .isNull();
        assertThat(snapshots.businessKey(customer, n -> null, null, "{\"order\":{\"customerId\":null}}")).isNull();
        assertThat(snapshots.businessKey(customer, n -> null, null, "not json")).isNull();
        assertThat(snapshots.businessKey(customer, n -> null, null, null)).isNull();
    }

    @Test
    void shouldHaveNoKeyWhenTheRouteDeclaresNone() {
        assertThat(snapshots.businessKey(null, n -> "x", "a=1", "{}")).isNull();
    }

    @Test
    void shouldSnapshotAnExchangeWithItsForwardedHeadersAndOnlyAWriteBody() {
        TrafficRoute route = new TrafficRoute(null, "http://modern", null, null,
                key(TrafficRoute.KeySource.PATH, "id"), null, null, null, null, null, null);
        Exchange get = new DefaultExchange(new DefaultCamelContext());
        get.setProperty("FicusRequestPath", "/api/v1/products/11");
        get.getMessage().setHeader("id", "11");
        get.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "x=1");
        get.getMessage().setHeader("X-Request-Id", "r-1");
        get.getMessage().setHeader("X-Secret", "never forwarded");
        get.getMessage().setBody("ignored");

        TrafficRequest read = snapshots.snapshot(get, route);

        assertThat(read).isEqualTo(new TrafficRequest("r-1", "GET", "/api/v1/products/11", "x=1",
                Map.of("Accept", "application/json", "X-Request-Id", "r-1"), null, "11", true));
        assertThat(read.uri()).isEqualTo("/api/v1/products/11?x=1");

        Exchange post = new DefaultExchange(new DefaultCamelContext());
        post.getMessage().setHeader(Exchange.HTTP_METHOD, "post");
        post.getMessage().setHeader(Exchange.HTTP_PATH, "/api/v1/orders");
        post.getMessage().setBody("{\"a\":1}");

        TrafficRequest write = snapshots.snapshot(post, route);

        assertThat(write.method()).isEqualTo("POST");
        assertThat(write.idempotent()).isFalse();
        assertThat(write.body()).isEqualTo("{\"a\":1}");
        assertThat(write.forwardHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(write.uri()).isEqualTo("/api/v1/orders");
    }
}

package dev.ficus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.testsupport.FullApplication;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * End to end: the whole application (real PostgreSQL with Northwind, embedded Artemis, RetailCore mimic,
 * façade) answers the product route from the legacy XML and passes {@code /legacy/**} through untouched.
 */
class FicusApplicationIT extends FullApplication {

    final JdbcTemplate jdbc = legacyJdbc;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAnswerProductAsJsonWithTheValuesOfTheNorthwindRow() throws Exception {
        HttpResponse<String> response = get("/api/v1/products/11");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode product = json.readTree(response.body());
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM products WHERE product_id = 11");
        assertThat(product.get("id").asInt()).isEqualTo(11);
        assertThat(product.get("name").asText()).isEqualTo(row.get("product_name")).isEqualTo("Queso Cabrales");
        BigDecimal price = new BigDecimal(row.get("unit_price").toString()).setScale(2, RoundingMode.HALF_UP);
        assertThat(product.at("/unitPrice/amount").asText()).isEqualTo(price.toPlainString()).isEqualTo("21.00");
        assertThat(product.at("/unitPrice/currency").asText()).isEqualTo("USD");
        assertThat(product.get("unitsInStock").asInt()).isEqualTo(((Number) row.get("units_in_stock")).intValue());
        assertThat(product.get("discontinued").asBoolean()).isFalse();
    }

    @Test
    void shouldSeeALegacyWriteOnTheNextRead() throws Exception {
        jdbc.update("UPDATE products SET units_in_stock = 5 WHERE product_id = 12");

        JsonNode product = json.readTree(get("/api/v1/products/12").body());

        assertThat(product.get("unitsInStock").asInt()).isEqualTo(5);
    }

    @Test
    void shouldAnswerProblemJsonWhenLegacyHasNoSuchProduct() throws Exception {
        HttpResponse<String> response = get("/api/v1/products/99999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void shouldRefuseANonNumericProductIdWithProblemJson() throws Exception {
        HttpResponse<String> response = get("/api/v1/products/abc");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.at("/invalidParams/0/name").asText()).isEqualTo("id");
    }

    @Test
    void shouldPassLegacyPathsThroughWithTheLegacyBytes() throws Exception {
        HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + MIMIC_PORT + "/retailcore/products/11")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> viaFicus = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/legacy/retailcore/products/11")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(viaFicus.statusCode()).isEqualTo(direct.statusCode()).isEqualTo(200);
        assertThat(viaFicus.body()).isEqualTo(direct.body());
        assertThat(new String(viaFicus.body())).contains("<PRODUCT_NAME>Queso Cabrales</PRODUCT_NAME>");
        // Served by the pass-through proxy (dev.ficus.facade.proxy), which returns a request id and times it.
        assertThat(viaFicus.headers().firstValue("X-Request-Id")).isPresent();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                get("/actuator/metrics/ficus.passthrough.requests?tag=route:legacy&tag=status:2xx").statusCode())
                .isEqualTo(200));
        // The legacy Content-Type exactly as RetailCore sent it.
        assertThat(viaFicus.headers().allValues("Content-Type"))
                .isEqualTo(direct.headers().allValues("Content-Type"));
        assertThat(mediaType(viaFicus.headers().firstValue("Content-Type").orElse("")))
                .isEqualTo("application/xml;charset=utf-8");
    }

    @Test
    void shouldPassLegacyNotFoundThroughUnchanged() throws Exception {
        HttpResponse<String> response = get("/legacy/retailcore/products/99999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("NOT_FOUND");
    }

    @Test
    void shouldReportHealthUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldListRoutesOnTheActuatorButNeverStopOneOverHttp() throws Exception {
        assertThat(get("/actuator/camelroutes").body()).contains("facade-get-product");

        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/camelroutes/facade-get-product/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(stop.statusCode()).isBetween(400, 499);
        assertThat(get("/api/v1/products/11").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerSpringsOwnErrorsAsProblemJsonWithTheRequestId() throws Exception {
        HttpResponse<String> missing = get("/api/v1/nope");
        HttpResponse<String> notAllowed = http.send(HttpRequest.newBuilder(facade("/admin/traffic/routes"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(missing, notAllowed)) {
            assertThat(response.headers().firstValue("Content-Type")).as(response.statusCode() + " " + response.body())
                    .hasValue("application/problem+json");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
            assertThat(problem.get("requestId").asText())
                    .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
            assertThat(problem.get("instance").asText()).startsWith("/");
        }
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("detail").asText()).isEqualTo("No endpoint GET /api/v1/nope");
        assertThat(notAllowed.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldLoadARouteFileAddedWhileRunning() throws Exception {
        Files.writeString(ROUTES.resolve("facade/ping.camel.yaml"), """
                - route:
                    id: facade-ping
                    from:
                      uri: "platform-http:/ping"
                      steps:
                        - setBody:
                            constant: pong
                """);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/ping").body()).isEqualTo("pong"));
    }

    @Test
    void shouldKeepFicusStateInItsOwnSchemaNeverInTheLegacyOne() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ficus.flyway_schema_history WHERE success",
                Integer.class)).isPositive();
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                + "'public'", String.class)).doesNotContain("flyway_schema_history", "ficus_instance");
    }

    @Test
    void shouldKeepTheBrokerJournalUnderTheDataDirectory() {
        assertThat(DATA_DIR.resolve("artemis/journal")).isDirectoryContaining("glob:**.amq");
    }

    @Test
    void shouldCarryAMessageFromStompToACoreJmsConsumerOnTheSameAcceptor() throws Exception {
        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                "tcp://localhost:" + ARTEMIS_PORT);
             var context = factory.createContext()) {
            var consumer = context.createConsumer(context.createQueue("it.stomp-to-core"));
            try (var socket = new java.net.Socket("localhost", ARTEMIS_PORT)) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                out.write(("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0").getBytes());
                assertThat(readFrame(socket.getInputStream())).startsWith("CONNECTED");
                out.write(("SEND\ndestination:it.stomp-to-core\ndestination-type:ANYCAST\n"
                        + "content-type:text/plain\nreceipt:r1\n\nhello from a till\0").getBytes());
                assertThat(readFrame(socket.getInputStream())).startsWith("RECEIPT");
            }
            assertThat(consumer.receiveBody(String.class, 10_000)).isEqualTo("hello from a till");
        }
    }

    @Test
    void shouldAnswerAnMqttConnectWithConnackAccepted() throws Exception {
        byte[] clientId = "ficus-it".getBytes();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30};
        int remaining = variable.length + 2 + clientId.length;
        packet.write(0x10);
        packet.write(remaining);
        packet.write(variable);
        packet.write(0);
        packet.write(clientId.length);
        packet.write(clientId);
        try (var socket = new java.net.Socket("localhost", ARTEMIS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(packet.toByteArray());
            byte[] connack = socket.getInputStream().readNBytes(4);
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
        }
    }

    @Test
    void shouldAnswerAnAmqpProtocolHeader() throws Exception {
        byte[] saslHeader = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
        try (var socket = new java.net.Socket("localhost", ARTEMIS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(saslHeader);
            assertThat(socket.getInputStream().readNBytes(8)).containsExactly(saslHeader);
        }
    }

    @Test
    void shouldExchangeAMessageOverOpenWire() throws Exception {
        var factory = new org.apache.activemq.ActiveMQConnectionFactory("tcp://localhost:" + ARTEMIS_PORT);
        try (var connection = factory.createConnection()) {
            connection.start();
            var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            var queue = session.createQueue("it.openwire");
            var consumer = session.createConsumer(queue);
            session.createProducer(queue).send(session.createTextMessage("over openwire"));
            var received = (jakarta.jms.TextMessage) consumer.receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.getText()).isEqualTo("over openwire");
        }
    }

    private static String readFrame(java.io.InputStream in) throws IOException {
        StringBuilder frame = new StringBuilder();
        for (int b = in.read(); b > 0; b = in.read()) {
            frame.append((char) b);
        }
        return frame.toString().stripLeading();
    }

    private static String mediaType(String contentType) {
        return contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }
}

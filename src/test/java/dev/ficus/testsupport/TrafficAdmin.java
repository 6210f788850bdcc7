package dev.ficus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The traffic admin API of a running Ficus, as tests drive it: move a route to a state, read its view.
 *
 * @param facade base URL of the façade, e.g. {@code http://localhost:8080}
 * @param user   the changes' reason (the audit names the authenticated principal: {@code loopback:127.0.0.1} here,
 *               where no operator credential is configured; {@code X-Ficus-User} is sent but no longer read)
 */
public record TrafficAdmin(String facade, String user) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * PUTs {@code {"state", "percent", "reason"}} and asserts a 2xx answer.
     *
     * @param percent the canary percentage, or null for other states
     */
    public void move(String routeId, String state, Integer percent) throws Exception {
        String body = "{\"state\":\"" + state + "\"" + (percent == null ? "" : ",\"percent\":" + percent)
                + ",\"reason\":\"" + user + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(facade + "/admin/traffic/routes/" + routeId))
                .header("Content-Type", "application/json").header("X-Ficus-User", user)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    /** @return the route's view ({@code GET /admin/traffic/routes/{id}}) */
    public JsonNode route(String routeId) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                URI.create(facade + "/admin/traffic/routes/" + routeId)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}

package dev.ficus.traffic;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Noise probes in the application: asks legacy the same request again through Ficus's own HTTP port (the façade
 * routes are inlined into their REST routes, so there is no endpoint to call in-process). The probe is a GET of
 * the same path and query on {@code 127.0.0.1}, carrying {@code X-Ficus-Noise-Probe} with this process's secret so
 * the route takes the legacy path, uncached and unshadowed, and the request's forwarded headers except the trace
 * context. Timeout: 5 × the route's {@code modern-response-timeout-ms}; connect timeout 2 s.
 */
final class LegacyLoopback implements ShadowComparison.LegacyAgain {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<String> port;
    private final TrafficSecrets secrets;

    /**
     * @param port    the web server's port ({@code local.server.port}), or {@code null} while not known yet
     * @param secrets holds the probe secret
     */
    LegacyLoopback(Supplier<String> port, TrafficSecrets secrets) {
        this.port = port;
        this.secrets = secrets;
    }

    /**
     * @return legacy's answer body when it answered 2xx; {@code null} for another status or while the port is not
     *         known
     * @throws java.io.IOException on a failed call; {@link InterruptedException} when interrupted
     */
    @Override
    public String answer(TrafficRoute route, TrafficRequest request) throws Exception {
        String p = port.get();
        if (p == null) {
            return null;
        }
        HttpRequest.Builder probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + request.uri()))
                .GET()
                .timeout(Duration.ofMillis(route.modernResponseTimeoutMs() * 5))
                .header(TrafficControl.NOISE_PROBE, secrets.probeSecret());
        request.forwardHeaders().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("traceparent") && !name.equalsIgnoreCase("tracestate")) {
                probe.header(name, value);
            }
        });
        HttpResponse<String> answer = http.send(probe.build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() / 100 == 2 ? answer.body() : null;
    }
}

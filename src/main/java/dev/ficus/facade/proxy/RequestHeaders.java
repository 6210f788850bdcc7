package dev.ficus.facade.proxy;

import dev.ficus.platform.web.FicusHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.HttpRequest;

/** The headers the target receives (RFC 9110, RFC 7239). */
final class RequestHeaders {

    /** Request headers the proxy drops or sets itself, in lower case. */
    private static final Set<String> REPLACED = Set.of("host", "content-length", "expect",
            "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded",
            "x-request-id");

    private RequestHeaders() {
    }

    /**
     * Copies the client's headers onto the target's request: every header as sent (all values, in order) except
     * hop-by-hop ones ({@link HeaderRules#isHopByHop}), Camel's control headers, {@code Expect} (answered by this
     * server), {@code Content-Length} (the body entity sets it) and {@code Host} (the client sets the target's).
     * Then sets {@code X-Forwarded-Host} (the client's {@code Host}, when sent), {@code X-Forwarded-Proto} (the
     * client's scheme), {@code X-Forwarded-Port} (the port the client addressed), replacing any the client sent;
     * appends the client's address to {@code X-Forwarded-For} and a {@code for=;host=;proto=} element to
     * {@code Forwarded} (RFC 7239; an IPv6 address in brackets, values quoted where they are no token); and sets
     * {@code X-Request-Id}.
     *
     * @param request   the client's request
     * @param outgoing  the request to the target, without headers yet
     * @param requestId the request id to send
     */
    static void copy(HttpServletRequest request, HttpRequest outgoing, String requestId) {
        Set<String> connectionListed = HeaderRules.listedIn(request.getHeaders("Connection"));
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (REPLACED.contains(lower) || HeaderRules.isHopByHop(lower, connectionListed)
                    || HeaderRules.isInternal(lower)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                outgoing.addHeader(name, value);
            }
        }
        String client = request.getRemoteAddr();
        String host = request.getHeader("Host");
        String scheme = request.getScheme();
        String forwardedFor = HeaderRules.joined(request.getHeaders("X-Forwarded-For"));
        outgoing.setHeader("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        if (host != null) {
            outgoing.setHeader("X-Forwarded-Host", host);
        }
        outgoing.setHeader("X-Forwarded-Proto", scheme);
        outgoing.setHeader("X-Forwarded-Port", String.valueOf(request.getServerPort()));
        String element = "for=" + HeaderRules.forwardedValue(client.contains(":") ? "[" + client + "]" : client)
                + (host == null ? "" : ";host=" + HeaderRules.forwardedValue(host)) + ";proto=" + scheme;
        String forwarded = HeaderRules.joined(request.getHeaders("Forwarded"));
        outgoing.setHeader("Forwarded", forwarded == null ? element : forwarded + ", " + element);
        outgoing.setHeader(FicusHeaders.REQUEST_ID, requestId);
    }
}

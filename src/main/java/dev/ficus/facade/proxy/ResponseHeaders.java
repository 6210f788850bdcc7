package dev.ficus.facade.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/** The headers the client receives from the target's answer. */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /**
     * Copies the target's headers to the client's response (all values, in order) except hop-by-hop ones
     * ({@link HeaderRules#isHopByHop}), Camel's control headers and {@code X-Request-Id} (the proxy sets its own).
     * {@code Content-Type} passes exactly as sent (on Undertow).
     *
     * @param answer   the target's answer
     * @param response the client's response, not committed
     */
    static void copy(HttpResponse answer, HttpServletResponse response) {
        Set<String> connectionListed = HeaderRules.listedIn(Collections.enumeration(
                Arrays.stream(answer.getHeaders("Connection")).map(Header::getValue).toList()));
        for (Header header : answer.getHeaders()) {
            String lower = header.getName().toLowerCase(Locale.ROOT);
            if (HeaderRules.isHopByHop(lower, connectionListed) || HeaderRules.isInternal(lower)
                    || lower.equals("x-request-id")) {
                continue;
            }
            if (!(lower.equals("content-type") && UndertowAccess.addContentTypeAsSent(header.getValue()))) {
                response.addHeader(header.getName(), header.getValue());
            }
        }
    }
}

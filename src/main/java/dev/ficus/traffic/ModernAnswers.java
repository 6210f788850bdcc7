package dev.ficus.traffic;

import dev.ficus.platform.web.Problems;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes what the modern side said as the answer of a façade exchange and stops the route, so legacy is not
 * called: its answer, or (when there is no fallback) its failure as an RFC 9457 problem through the application's
 * one Camel problem writer ({@link Problems}). Both carry {@code X-Ficus-Served-By: modern}.
 */
final class ModernAnswers {

    private final Problems problems;

    /** @param problems the application's RFC 9457 writer for exchanges (bean {@code problems}) */
    ModernAnswers(Problems problems) {
        this.problems = problems;
    }

    /**
     * Replaces the exchange's headers and body with the modern answer: status, {@code Content-Type} and
     * {@code Location} when given, body text.
     */
    void answer(Exchange exchange, ModernClient.Answer answer) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setBody(answer.body());
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        if (answer.contentType() != null) {
            m.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        }
        if (answer.location() != null) {
            m.setHeader("Location", answer.location());
        }
        servedByModern(exchange);
    }

    /**
     * Answers the failure: 504 Gateway Timeout, 503 Service Unavailable with {@code Retry-After} (seconds, the
     * modern side's own or 5), or 502 Bad Gateway, {@code detail} = the failure's message.
     */
    void failure(Exchange exchange, ModernClient.ModernFailure failure) {
        switch (failure.status()) {
            case 504 -> problems.gatewayTimeout(exchange, failure.getMessage());
            case 503 -> problems.unavailable(exchange, failure.getMessage(), failure.retryAfterS());
            default -> problems.badGateway(exchange, failure.getMessage());
        }
        servedByModern(exchange);
    }

    private static void servedByModern(Exchange exchange) {
        exchange.getMessage().setHeader(TrafficControl.SERVED_BY, Side.MODERN.tag());
        exchange.setRouteStop(true);
    }
}

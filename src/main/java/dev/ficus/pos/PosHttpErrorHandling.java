package dev.ficus.pos;

import dev.ficus.platform.web.Problems;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of the POS HTTP channel (route {@code pos-receive-http} of {@code routes/pos/pos-ingest.camel.yaml}),
 * route configuration id {@value #ID}. Whatever the route throws (the broker refuses or cannot be reached while the
 * events are published, the idempotency store fails, anything unexpected) is answered 503
 * {@code application/problem+json} (RFC 9457, through {@link Problems}: {@code instance}, {@code requestId}) with
 * {@code Retry-After: }{@value #RETRY_AFTER_SECONDS} (seconds), never Camel's default 500 or a stack trace; the
 * exception is logged (with its stack trace) under the request id. Sending the document again is safe: a
 * transaction published before the failure is then reported as a duplicate. Refusals the ingest decides itself
 * (400, 413, 415) are answers, not exceptions, and do not pass here.
 */
@Component
public class PosHttpErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id. */
    public static final String ID = "pos-http-errors";

    /** {@code Retry-After} of the 503, in seconds. */
    public static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class)
                    .handled(true)
                    .logHandled(true)
                    .logExhaustedMessageHistory(false)
                    .bean(Problems.class, "unavailable(${exchange}, 'the transactions cannot be published now; "
                            + "send the document again later (transactions already published are reported as "
                            + "duplicates)', " + RETRY_AFTER_SECONDS + ")")
                    .stop()
                .end();
    }
}

package dev.ficus.pos;

import dev.ficus.platform.soap.SoapFault;
import javax.xml.transform.TransformerException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Error handling of the posting routes ({@code routes/pos/pos-posting.camel.yaml}), route configuration id
 * {@value #ID}. Every failure ends in the dead-letter queue {@code pos.posting.dead-letter-queue}
 * ({@code pos.posting.DLQ}) as the <b>original event</b> (body and JMS properties as consumed, the Artemis duplicate
 * id removed so the event can be replayed) with the headers {@value #H_REASON}, {@value #H_DETAIL} and
 * {@value #H_ATTEMPTS}; the event is then acknowledged:
 * <ul>
 *   <li>{@code legacy-rejected}, no retry: RetailCore answered 4xx or a SOAP 1.1 Fault with {@code soap:Client}
 *       (the request is wrong; sending it again cannot help);</li>
 *   <li>{@code mapping-failed}, no retry: the event cannot be translated into {@code PostSale}
 *       ({@code rc:BAD_VALUE} of {@code sale-to-soap.xsl});</li>
 *   <li>{@code legacy-failed}, after {@code pos.posting.max-redeliveries} retries with exponential back-off (first
 *       {@code pos.posting.redelivery-delay-ms}, doubled each time, at most {@code pos.posting.max-redelivery-delay-ms}):
 *       anything else, e.g. 5xx, a {@code soap:Server} fault, connection refused, time-out.</li>
 * </ul>
 * Retries happen while the event is held (unacknowledged) on the queue, so a crash during them redelivers it.
 */
@Component
public class PosPostingErrorHandling extends RouteConfigurationBuilder {

    /** Route configuration id. */
    public static final String ID = "pos-posting-errors";
    /** Header on a dead-lettered event: {@code legacy-rejected}, {@code mapping-failed} or {@code legacy-failed}. */
    public static final String H_REASON = "FicusPostingReason";
    /** Header on a dead-lettered event: one line for a human (HTTP status and SOAP faultstring, or the error). */
    public static final String H_DETAIL = "FicusPostingReasonDetail";
    /** Header on a dead-lettered event: how many times posting was tried. */
    public static final String H_ATTEMPTS = "FicusPostingAttempts";

    private static final String REDELIVERIES = "FicusPostingRedeliveries";
    private static final String DEAD_LETTER = "jms:queue:{{pos.posting.dead-letter-queue}}"
            + "?deliveryPersistent=true&jmsMessageType=Text";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(HttpOperationFailedException.class)
                    .onWhen(exchange -> !retryable(exchange.getException(HttpOperationFailedException.class)))
                    .handled(true)
                    .useOriginalMessage()
                    .process(exchange -> describe(exchange, "legacy-rejected"))
                    .log(LoggingLevel.WARN, "POS posting of ${header.FicusPosKey} rejected by RetailCore: "
                            + "${header." + H_DETAIL + "}")
                    .removeHeaders("_AMQ*")
                    .to(DEAD_LETTER)
                .end()
                .onException(TransformerException.class)
                    .handled(true)
                    .useOriginalMessage()
                    .process(exchange -> describe(exchange, "mapping-failed"))
                    .log(LoggingLevel.WARN, "POS posting of ${header.FicusPosKey} cannot be translated: "
                            + "${header." + H_DETAIL + "}")
                    .removeHeaders("_AMQ*")
                    .to(DEAD_LETTER)
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .useOriginalMessage()
                    .maximumRedeliveries("{{pos.posting.max-redeliveries}}")
                    .redeliveryDelay("{{pos.posting.redelivery-delay-ms}}")
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay("{{pos.posting.max-redelivery-delay-ms}}")
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .onRedelivery(exchange -> exchange.setProperty(REDELIVERIES,
                            exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class)))
                    .process(exchange -> describe(exchange, "legacy-failed"))
                    .log(LoggingLevel.ERROR, "POS posting of ${header.FicusPosKey} failed for good: "
                            + "${header." + H_DETAIL + "}")
                    .removeHeaders("_AMQ*")
                    .to(DEAD_LETTER)
                .end();
    }

    /** 5xx other than a {@code soap:Client} fault is worth retrying; 4xx and client faults are not. */
    static boolean retryable(HttpOperationFailedException e) {
        if (e == null) {
            return true;
        }
        boolean clientFault = SoapFault.parse(e.getResponseBody()).map(SoapFault::clientFault).orElse(false);
        return e.getStatusCode() >= 500 && !clientFault;
    }

    private static void describe(Exchange exchange, String reason) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String detail;
        if (e instanceof HttpOperationFailedException http) {
            String faultString = SoapFault.parse(http.getResponseBody()).map(SoapFault::faultString)
                    .filter(text -> !text.isEmpty()).orElse(null);
            detail = "RetailCore answered HTTP " + http.getStatusCode()
                    + (faultString != null ? ": " + faultString : "");
        } else {
            detail = e == null ? reason : e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        // the redelivery headers went with the message; useOriginalMessage brought back the one consumed
        Integer redeliveries = exchange.getProperty(REDELIVERIES, Integer.class);
        exchange.getIn().setHeader(H_REASON, reason);
        exchange.getIn().setHeader(H_DETAIL, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        exchange.getIn().setHeader(H_ATTEMPTS, 1 + (redeliveries == null ? 0 : redeliveries));
    }
}

package dev.ficus.platform;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the exchange's innermost Camel span (its route's, see {@link TracingConfiguration}) the current span while
 * each step of a route runs. Camel's tracer opens that scope when a route begins, but closes it again as soon as
 * the route continues on Camel's reactive executor (which is every non-transacted route, even on the same thread),
 * so without this the steps would run outside it: log lines without the route's span id (JMS consumer threads
 * without any trace id), and what a bean does (a {@code ProducerTemplate} send, a call to the modern side, a shadow
 * queued for later) would hang off the HTTP server span, or start a new trace on a JMS thread. The same idea as
 * camel-opentelemetry's tracing strategy.
 *
 * <p>A step of an exchange without a span runs as it is. The scope covers the step's synchronous part; a step that
 * continues asynchronously runs its later parts as further steps, each in its own scope.
 */
final class CamelSpanScopes implements InterceptStrategy {

    private static final Logger log = LoggerFactory.getLogger(CamelSpanScopes.class);

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                SpanAdapter span = ActiveSpanManager.getSpan(exchange);
                if (span == null) {
                    return super.process(exchange, callback);
                }
                AutoCloseable scope = span.makeCurrent();
                try {
                    return super.process(exchange, callback);
                } finally {
                    closeQuietly(scope);
                }
            }
        };
    }

    private static void closeQuietly(AutoCloseable scope) {
        try {
            scope.close();
        } catch (Exception e) {
            log.debug("closing a span scope failed", e);
        }
    }
}

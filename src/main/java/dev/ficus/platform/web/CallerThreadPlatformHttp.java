package dev.ficus.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Camel's platform-http on the HTTP server's own request thread. Camel Spring Boot's engine hands every exchange
 * from the Undertow worker to Spring's task executor ({@code CompletableFuture.runAsync}); Spring MVC then starts
 * asynchronous processing and, once the route is done, dispatches the request a second time through the filter
 * chain and the {@code DispatcherServlet}: two thread handoffs and a second dispatch per request, for nothing,
 * since the routes block anyway (legacy calls, JDBC, JMS sends).
 *
 * <p>Here Camel's own consumer ({@code SpringBootPlatformHttpConsumer}: same binding, headers, body, errors) runs
 * with an executor that runs the route on the calling thread, so its {@code service} method returns a future that
 * is already complete, with the answer written; {@link CompletedFutureReturnValueHandler} tells Spring MVC that
 * such a request is handled, without starting asynchronous processing. Request mapping, CORS and filters stay
 * Spring's and Camel's ({@code CamelRequestHandlerMapping}). Concurrency is bounded by Undertow's worker threads
 * ({@code server.undertow.threads.worker}); Spring's task executor no longer runs exchanges.
 *
 * <p>An answer whose body is a {@code String} or {@code byte[]} (every answer of the façade and POS routes) is
 * written with {@code Content-Length} in one piece ({@link ContentLengthAnswers}) rather than converted to a
 * stream and copied in chunked transfer encoding.
 *
 * <p>The engine replaces Camel's bean {@value #ENGINE} (it backs off when a {@link PlatformHttpEngine} exists);
 * Camel's platform-http component looks the engine up by that name.
 */
@Configuration(proxyBeanMethods = false)
public class CallerThreadPlatformHttp {

    /** Name of the engine bean, the one Camel's platform-http component looks up. */
    public static final String ENGINE = "platform-http-engine";

    /**
     * @param port the HTTP port ({@code server.port}), which the engine reports as its server port
     * @return the engine: Camel's consumers with a calling-thread executor
     */
    @Bean(ENGINE)
    PlatformHttpEngine callerThreadPlatformHttpEngine(@Value("${server.port:8080}") int port) {
        return new PlatformHttpEngine() {
            @Override
            public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
                return new SpringBootPlatformHttpConsumer(endpoint, new ContentLengthAnswers(processor),
                        Runnable::run);
            }

            @Override
            public int getServerPort() {
                return port;
            }
        };
    }

    /**
     * Puts {@link CompletedFutureReturnValueHandler} first among Spring MVC's return value handlers.
     *
     * @return the post-processor of {@link RequestMappingHandlerAdapter}
     */
    @Bean
    static BeanPostProcessor completedFutureFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getReturnValueHandlers() != null) {
                    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
                    handlers.add(new CompletedFutureReturnValueHandler(adapter.getReturnValueHandlers()));
                    handlers.addAll(adapter.getReturnValueHandlers());
                    adapter.setReturnValueHandlers(handlers);
                }
                return bean;
            }
        };
    }

    /**
     * After the route: an answer held in memory ({@code String} or {@code byte[]} body) is marked not chunked
     * ({@code CamelHttpChunked=false}, an internal header that never reaches the client), so Camel's HTTP binding
     * writes it with {@code Content-Length}; a streamed body stays chunked.
     */
    static final class ContentLengthAnswers extends DelegateAsyncProcessor {

        ContentLengthAnswers(Processor route) {
            super(route);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            return super.process(exchange, doneSync -> {
                Message answer = exchange.getMessage();
                Object body = answer.getBody();
                if ((body instanceof String || body instanceof byte[])
                        && answer.getHeader(Exchange.HTTP_CHUNKED) == null) {
                    answer.setHeader(Exchange.HTTP_CHUNKED, false);
                }
                callback.done(doneSync);
            });
        }
    }

    /**
     * The future a platform-http consumer's {@code service} method returns: when it completed normally before the
     * method returned (always, with the calling-thread executor) the route has written the answer and the request
     * is handled; otherwise Spring MVC's own handling of futures (asynchronous processing) applies.
     */
    static final class CompletedFutureReturnValueHandler implements HandlerMethodReturnValueHandler {

        private final List<HandlerMethodReturnValueHandler> others;

        /** @param others Spring MVC's handlers, for futures that are not complete yet */
        CompletedFutureReturnValueHandler(List<HandlerMethodReturnValueHandler> others) {
            this.others = List.copyOf(others);
        }

        @Override
        public boolean supportsReturnType(MethodParameter returnType) {
            return SpringBootPlatformHttpConsumer.class.isAssignableFrom(returnType.getContainingClass())
                    && CompletableFuture.class.isAssignableFrom(returnType.getParameterType());
        }

        @Override
        public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer mav,
                                      NativeWebRequest webRequest) throws Exception {
            if (returnValue instanceof CompletableFuture<?> future && future.isDone()
                    && !future.isCompletedExceptionally()) {
                mav.setRequestHandled(true);
                return;
            }
            for (HandlerMethodReturnValueHandler other : others) {
                if (other.supportsReturnType(returnType)) {
                    other.handleReturnValue(returnValue, returnType, mav, webRequest);
                    return;
                }
            }
            throw new IllegalStateException("no handler for " + returnType);
        }
    }
}

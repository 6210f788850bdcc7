package dev.ficus.facade.proxy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** The Apache HttpClient 5 (classic) a pass-through route sends its requests with. */
final class TargetClient {

    private TargetClient() {
    }

    /**
     * A client for one route: at most {@code max-connections} pooled connections; {@code connect-timeout-ms} to
     * connect and to wait for a free pooled connection; {@code response-timeout-ms} of silence allowed before the
     * answer and between two reads of its body. It never decompresses, never follows redirects, keeps no cookies
     * or authentication, sends no User-Agent of its own, never sends {@code Expect: 100-continue} nor upgrades the
     * protocol. It retries only a request without body and with an idempotent method, once, when the target
     * closed a pooled connection before answering; never on a timeout or refusal, never because of the target's
     * status (its 503 and 429 are the client's to see).
     *
     * @param route the route
     * @return a new client; close it when the route goes
     */
    static CloseableHttpClient create(Route route) {
        Timeout connect = Timeout.ofMilliseconds(route.connectTimeoutMs());
        Timeout response = Timeout.ofMilliseconds(route.responseTimeoutMs());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(route.maxConnections())
                        .setMaxConnPerRoute(route.maxConnections())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(response)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(response)
                        .setProtocolUpgradeEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .disableContentCompression()     // pass gzip bytes as they are, never decode
                .disableRedirectHandling()       // redirects are the client's business
                .setRetryStrategy(new DefaultHttpRequestRetryStrategy(1, TimeValue.ZERO_MILLISECONDS,
                        List.of(InterruptedIOException.class, UnknownHostException.class, ConnectException.class,
                                ConnectionClosedException.class, NoRouteToHostException.class, SSLException.class),
                        List.of()) { })
                .disableCookieManagement()       // never share one client's cookies with another
                .disableAuthCaching()
                .disableDefaultUserAgent()       // the client's User-Agent or none
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }
}

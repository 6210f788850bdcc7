package dev.ficus.facade.proxy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/** What a failure of the target before its answer started means for the client. */
enum TargetFailure {

    /**
     * 503 with {@code Retry-After}: connection refused, connect timeout, no route, unknown host, or no pooled
     * connection freed up within {@code connect-timeout-ms}.
     */
    UNREACHABLE(503),
    /** 504: the target stayed silent for {@code response-timeout-ms}. */
    SILENT(504),
    /** 502: the target closed the connection without an answer or answered something that is not HTTP. */
    BROKEN(502);

    /** Seconds a client is told to wait ({@code Retry-After}) after {@link #UNREACHABLE}. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int status;

    TargetFailure(int status) {
        this.status = status;
    }

    /**
     * @param e what sending the request or reading the answer threw
     * @return its meaning; a connect timeout is {@link #UNREACHABLE}, not {@link #SILENT}
     */
    static TargetFailure of(IOException e) {
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof ConnectionRequestTimeoutException) {
            return UNREACHABLE;
        }
        if (e instanceof SocketTimeoutException) {
            return SILENT;
        }
        return BROKEN;
    }

    /** @return the HTTP status the client gets */
    int status() {
        return status;
    }

    /**
     * @param route the route
     * @return the problem's {@code detail}
     */
    String detail(Route route) {
        return switch (this) {
            case UNREACHABLE -> "Pass-through route " + route.id() + ": the target cannot be reached";
            case SILENT -> "Pass-through route " + route.id() + ": the target did not answer within "
                    + route.responseTimeoutMs() + " ms";
            case BROKEN -> "Pass-through route " + route.id()
                    + ": the target closed the connection without a valid HTTP answer";
        };
    }
}

package dev.ficus.facade.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a faithful proxy needs and the Servlet API cannot do, done on Undertow's exchange of the request the
 * current thread serves. Outside Undertow (no such exchange) each is a no-op.
 */
final class UndertowAccess {

    /** Longest reason phrase passed on, in characters (Undertow's status line must fit one 16 KiB buffer). */
    static final int MAX_REASON_LENGTH = 1024;

    private static final Logger log = LoggerFactory.getLogger(UndertowAccess.class);
    /** RFC 9112 section 4: {@code reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )}. */
    private static final Pattern REASON = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");

    private UndertowAccess() {
    }

    /**
     * @param reason a reason phrase, or null
     * @return whether it may go on the status line as is: at most {@value #MAX_REASON_LENGTH} characters of HTAB,
     *         SP, VCHAR or obs-text (RFC 9112 section 4); null is not
     */
    static boolean isPassableReason(String reason) {
        return reason != null && reason.length() <= MAX_REASON_LENGTH && REASON.matcher(reason).matches();
    }

    /**
     * Sets the reason phrase of the status line about to be written; Servlet 6 has no way to do that. A reason
     * that is not {@link #isPassableReason passable} becomes the standard one.
     *
     * @param reason the target's reason phrase (may be empty: nothing after the code), or null for the standard one
     */
    static void reasonPhrase(String reason) {
        HttpServerExchange exchange = current();
        if (exchange == null) {
            return;
        }
        boolean valid = isPassableReason(reason);
        if (reason != null && !valid) {
            log.debug("target's reason phrase replaced by the standard one: {}", reason);
        }
        exchange.setReasonPhrase(valid ? reason : null);
    }

    /**
     * Adds a {@code Content-Type} response header exactly as given; the servlet container would rewrite
     * {@code a/b; charset=x} as {@code a/b;charset=x}.
     *
     * @param value the target's {@code Content-Type}
     * @return false outside Undertow: the caller must add the header itself
     */
    static boolean addContentTypeAsSent(String value) {
        HttpServerExchange exchange = current();
        if (exchange == null) {
            return false;
        }
        exchange.getResponseHeaders().add(Headers.CONTENT_TYPE, value);
        return true;
    }

    /**
     * Closes the client's connection at once, so the response in progress is never completed (no final chunk, no
     * error page appended): the client sees a truncated answer as truncated.
     */
    static void closeClientConnection() {
        HttpServerExchange exchange = current();
        if (exchange != null) {
            try {
                exchange.getConnection().close();
            } catch (IOException e) {
                log.debug("closing the client connection failed", e);
            }
        }
    }

    private static HttpServerExchange current() {
        ServletRequestContext context = ServletRequestContext.current();
        return context == null ? null : context.getExchange();
    }
}

package dev.ficus.playground.mimic;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process stand-in for the legacy RetailCore HTTP interface: an embedded WireMock server whose stub
 * mappings (files under {@code <root>/mappings/}) route requests and whose {@link RetailCoreResponseTransformer}
 * answers them from the Northwind database, so a legacy write changes real rows.
 *
 * <p>Endpoints (contract in {@code adapters/retailcore/README.md}), all under {@code /retailcore}: {@code GET
 * products/{id}}, {@code GET products}, {@code GET stock/{productId}}, {@code GET customers/{id}}, {@code GET
 * customers/{id}/orders}, {@code GET orders/{id}} (XML, {@code application/xml; charset=UTF-8}) and {@code POST
 * soap/OrderEntry} (SOAP 1.1, {@code text/xml; charset=utf-8}). The server binds loopback unless told otherwise
 * (a container that other containers reach binds {@code 0.0.0.0}); WireMock's admin
 * API ({@code /__admin}) refuses every call (401), so stubs cannot be changed over the network.
 *
 * <p>Not thread-safe for {@link #start()}/{@link #stop()}; request handling is concurrent.
 */
public final class RetailCoreMimic {

    /** Address the server binds unless another is given: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(RetailCoreMimic.class);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final DataSource dataSource;
    private final int requestedPort;
    private final String currencyCode;
    private final Path root;
    private final String bindAddress;
    private WireMockServer server;

    /**
     * @param dataSource   the RetailCore (Northwind) database; must hold the Northwind tables
     * @param port         TCP port to listen on, 0 to 65535; 0 picks a free port (see {@link #port()})
     * @param currencyCode ISO 4217 code (3 upper-case letters) written as {@code CURRENCY_CODE}, e.g. {@code USD}
     * @param root         WireMock file source root, e.g. {@code adapters/retailcore/mimic}; must contain
     *                     {@code mappings/}
     * @throws IllegalArgumentException when the port is out of range or the currency code is malformed
     * @throws NullPointerException     when an argument is {@code null}
     */
    public RetailCoreMimic(DataSource dataSource, int port, String currencyCode, Path root) {
        this(dataSource, port, currencyCode, root, LOOPBACK);
    }

    /**
     * @param dataSource   the RetailCore (Northwind) database; must hold the Northwind tables
     * @param port         TCP port to listen on, 0 to 65535; 0 picks a free port (see {@link #port()})
     * @param currencyCode ISO 4217 code (3 upper-case letters) written as {@code CURRENCY_CODE}, e.g. {@code USD}
     * @param root         WireMock file source root; must contain {@code mappings/}
     * @param bindAddress  address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0} in a container
     * @throws IllegalArgumentException when the port is out of range or the currency code is malformed
     * @throws NullPointerException     when an argument is {@code null}
     */
    public RetailCoreMimic(DataSource dataSource, int port, String currencyCode, Path root, String bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.currencyCode = Objects.requireNonNull(currencyCode, "currencyCode");
        this.root = Objects.requireNonNull(root, "root");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RetailCore mimic port must be 0 to 65535: " + port);
        }
        if (!CURRENCY.matcher(currencyCode).matches()) {
            throw new IllegalArgumentException("RetailCore mimic currency must be an ISO 4217 code such as USD: "
                    + currencyCode);
        }
        this.requestedPort = port;
    }

    /**
     * Loads the stub mappings and starts listening. Calling it on a running mimic does nothing.
     *
     * @throws IllegalStateException when {@code <root>/mappings} is not a directory, or when the port is in use
     *     (message {@code "RetailCore mimic port <port> is already in use"}, with a {@link BindException} carrying
     *     the same text in the cause chain), or when WireMock cannot start for another reason
     */
    public synchronized void start() {
        if (server != null && server.isRunning()) {
            return;
        }
        Path mappings = root.resolve("mappings");
        if (!Files.isDirectory(mappings)) {
            throw new IllegalStateException("RetailCore mimic stub mappings not found: " + mappings.toAbsolutePath()
                    + " is not a directory (set playground.mimic.root)");
        }
        WireMockConfiguration config = options()
                .bindAddress(bindAddress)
                .usingFilesUnderDirectory(root.toString())
                .extensions(new RetailCoreResponseTransformer(dataSource, currencyCode))
                .adminAuthenticator(request -> false)
                .disableRequestJournal()
                .gzipDisabled(true)
                .templatingEnabled(false)
                .notifier(new Slf4jNotifier(false));
        if (requestedPort == 0) {
            config.dynamicPort();
        } else {
            config.port(requestedPort);
        }
        WireMockServer candidate = new WireMockServer(config);
        try {
            candidate.start();
        } catch (Exception e) { // WireMock and Jetty may throw checked exceptions without declaring them
            safeStop(candidate);
            if (isBindFailure(e)) {
                String message = "RetailCore mimic port " + requestedPort + " is already in use";
                BindException bind = new BindException(message + " (" + bindAddress + ")");
                bind.initCause(e);
                throw new IllegalStateException(message, bind);
            }
            throw new IllegalStateException("RetailCore mimic cannot start on port " + requestedPort + ": "
                    + e.getMessage(), e);
        }
        server = candidate;
        log.info("RetailCore mimic listening on {}:{} with {} stub mappings from {} (currency {})", bindAddress,
                server.port(), server.getStubMappings().size(), mappings.toAbsolutePath(), currencyCode);
    }

    /** Stops listening; calling it on a stopped mimic does nothing. */
    public synchronized void stop() {
        if (server != null) {
            safeStop(server);
            server = null;
        }
    }

    /**
     * @return the TCP port the mimic listens on (the chosen one when constructed with 0)
     * @throws IllegalStateException when the mimic is not running
     */
    public synchronized int port() {
        if (server == null || !server.isRunning()) {
            throw new IllegalStateException("RetailCore mimic is not running");
        }
        return server.port();
    }

    /**
     * @return {@code http://localhost:<port>/retailcore}, the base URL of every endpoint (no trailing slash)
     * @throws IllegalStateException when the mimic is not running
     */
    public String baseUrl() {
        return "http://localhost:" + port() + "/retailcore";
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void safeStop(WireMockServer s) {
        try {
            s.stop();
        } catch (Exception e) { // Jetty rethrows its stop failures undeclared
            log.debug("RetailCore mimic stop failed", e);
        }
    }
}

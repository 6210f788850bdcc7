package dev.ficus.platform;

import dev.ficus.platform.LegacyDatabaseConfiguration.LegacyDatabase;
import dev.ficus.platform.security.SurfaceAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs, once Ficus is ready, where each part of Ficus listens: façade, API, pass-through, health, Artemis
 * acceptor and legacy database, and who may use each HTTP surface (loudly when one is open to loopback
 * callers only for want of a credential; the playground adds its own lines for what it starts around Ficus). Purely informational; it never fails start-up.
 */
@Component
public class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final Environment environment;
    private final LegacyDatabase legacyDatabase;
    private final ObjectProvider<SurfaceAccess> access;

    StartupSummary(Environment environment, LegacyDatabase legacyDatabase, ObjectProvider<SurfaceAccess> access) {
        this.environment = environment;
        this.legacyDatabase = legacyDatabase;
        this.access = access;
    }

    /**
     * @param event Spring Boot's ready event; its context gives the HTTP port actually bound
     */
    @EventListener
    public void onReady(ApplicationReadyEvent event) {
        log.info(render(event));
    }

    String render(ApplicationReadyEvent event) {
        int httpPort = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : environment.getProperty("server.port", Integer.class, 8080);
        String facade = "http://localhost:" + httpPort;
        String broker = environment.getProperty("ficus.artemis.url", "");
        String brokerLine = broker.isBlank()
                ? "tcp://localhost:" + environment.getProperty("ficus.artemis.port")
                  + " embedded (CORE, AMQP, STOMP, MQTT, OpenWire), journal in "
                  + environment.getProperty("spring.artemis.embedded.data-directory")
                : broker + " external";
        StringBuilder s = new StringBuilder("\n\n  Ficus is up\n");
        s.append(line("Modern API", facade + "/api/v1/products/11"));
        s.append(line("OpenAPI and docs", facade + "/api/v1/openapi.json, " + facade + "/api/v1/docs"));
        s.append(line("POS ingest", facade + "/api/v1/pos/transactions (POST POSLog), queue pos.inbound"));
        s.append(line("Console", facade + "/console"));
        s.append(line("Traffic control", facade + "/admin/traffic/routes"));
        if (environment.getProperty("cdc.enabled", Boolean.class, true)) {
            s.append(line("Change events", facade + "/cdc/events (SSE)"));
        }
        s.append(line("Legacy pass-through", facade + "/legacy/** -> " + environment.getProperty("legacy.base-url")));
        s.append(line("Health", facade + "/actuator/health"));
        s.append(line("Artemis", brokerLine));
        s.append(line("Legacy database", legacyDatabase.jdbcUrl()));
        s.append(line("Routes", "routes/**/*.camel.yaml, reload on change: "
                + environment.getProperty("camel.main.routes-reload-enabled")));
        SurfaceAccess surfaces = access.getIfAvailable();
        if (surfaces != null) {
            String title = "Access";
            for (String l : surfaces.summary()) {
                s.append(line(title, l));
                title = "";
            }
        }
        return s.toString();
    }

    private static String line(String what, String where) {
        return String.format("  %-20s %s%n", what, where);
    }
}

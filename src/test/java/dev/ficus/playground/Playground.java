package dev.ficus.playground;

import dev.ficus.FicusApplication;
import dev.ficus.platform.StartupFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The main job: Ficus with everything a new user needs around it, started by {@code ./mvnw spring-boot:test-run}
 * (Spring Boot's convention for development services: this class and everything it starts live in test scope,
 * so Ficus's jar never contains them).
 *
 * <p>It starts, in one process: an embedded PostgreSQL on 127.0.0.1 seeded with Northwind (the legacy RetailCore
 * database; skipped when {@code LEGACY_DB_URL} is set), then Ficus itself with the Spring profile {@code playground}
 * ({@code application-playground.yml}), which adds the RetailCore mimic ({@code dev.ficus.playground.mimic}) on
 * 127.0.0.1:8090 and the demo modern catalog service ({@code dev.ficus.playground.catalog}) on 127.0.0.1:8091, and
 * points {@code legacy.base-url} at the mimic unless {@code LEGACY_BASE_URL} is set.
 *
 * <p>On SIGTERM or Ctrl-C Ficus's context is closed, then PostgreSQL (zonky's own shutdown hook may stop it
 * earlier, concurrently: the log may then show connection errors; no change is lost). A start-up
 * problem ends the process with exit code 1 and one line on stderr, {@code ficus: cannot start: ...}.
 */
public final class Playground {

    private Playground() {
    }

    /**
     * @param args Spring Boot command-line arguments ({@code --key=value}), passed on to Ficus
     */
    public static void main(String[] args) {
        PlaygroundPostgres postgres = null;
        try {
            List<String> ficusArgs = new ArrayList<>(List.of(args));
            ficusArgs.add("--spring.profiles.include=playground");
            String legacyDbUrl = System.getenv("LEGACY_DB_URL");
            if (legacyDbUrl == null || legacyDbUrl.isBlank()) {
                postgres = PlaygroundPostgres.start(Path.of(setting(args, "FICUS_DATA_DIR", "ficus.data-dir", "data")),
                        Integer.parseInt(setting(args, "PLAYGROUND_POSTGRES_PORT", "playground.postgres.port", "15432")));
                ficusArgs.add("--legacy.db.url=" + postgres.jdbcUrl());
                ficusArgs.add("--legacy.db.user=postgres");
            }
            SpringApplication ficus = new SpringApplication(FicusApplication.class);
            ficus.setRegisterShutdownHook(false);
            ficus.setMainApplicationClass(FicusApplication.class);
            ConfigurableApplicationContext context = ficus.run(ficusArgs.toArray(String[]::new));
            PlaygroundPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                context.close();
                if (started != null) {
                    started.close();
                }
            }, "playground-shutdown"));
            printSummary(context.getEnvironment(), started);
        } catch (Throwable t) {
            if (postgres != null) {
                postgres.close();
            }
            System.err.println("ficus: cannot start: " + StartupFailure.describe(t));
            System.exit(1);
        }
    }

    private static void printSummary(Environment env, PlaygroundPostgres postgres) {
        StringBuilder s = new StringBuilder("\n  Playground (test scope, not in Ficus's jar)\n");
        s.append(String.format("  %-20s %s%n", "RetailCore mimic",
                "http://localhost:" + env.getProperty("playground.mimic.port") + "/retailcore/products/11"));
        s.append(String.format("  %-20s %s%n", "Catalog service",
                "http://localhost:" + env.getProperty("playground.catalog.port")
                        + "/api/v1/products/11 (modern side, fed by change events)"));
        s.append(String.format("  %-20s %s%n", "Legacy database", postgres == null
                ? env.getProperty("legacy.db.url") + " (LEGACY_DB_URL)"
                : postgres.jdbcUrl() + " embedded, Northwind"));
        org.slf4j.LoggerFactory.getLogger(Playground.class).info(s.toString());
    }

    /** A setting read before Spring runs: {@code --key=value} argument, else environment variable, else default. */
    private static String setting(String[] args, String env, String key, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + key + "=")) {
                return arg.substring(key.length() + 3);
            }
        }
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }
}

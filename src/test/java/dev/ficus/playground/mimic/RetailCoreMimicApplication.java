package dev.ficus.playground.mimic;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The RetailCore mimic as its own process, for {@code docker-compose.yml}'s {@code retailcore} service (built from
 * the Dockerfile's {@code retailcore-mimic} stage), so the mimic never runs inside Ficus's container.
 *
 * <p>Environment: {@code RETAILCORE_DB_URL} (JDBC URL of the Northwind database, required),
 * {@code RETAILCORE_DB_USER} (default {@code postgres}), {@code RETAILCORE_DB_PASSWORD}, {@code RETAILCORE_PORT}
 * (default 8090), {@code RETAILCORE_BIND_ADDRESS} (default {@code 0.0.0.0}: other containers call it),
 * {@code RETAILCORE_ROOT} (default {@code adapters/retailcore/mimic}). Stops on SIGTERM.
 */
public final class RetailCoreMimicApplication {

    private RetailCoreMimicApplication() {
    }

    /**
     * @param args ignored
     * @throws InterruptedException never in practice: the main thread waits until the process is stopped
     * @throws IllegalStateException when {@code RETAILCORE_DB_URL} is missing or the port is taken
     */
    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(env("RETAILCORE_DB_URL", null));
        db.setUser(env("RETAILCORE_DB_USER", "postgres"));
        db.setPassword(env("RETAILCORE_DB_PASSWORD", ""));
        RetailCoreMimic mimic = new RetailCoreMimic(db, Integer.parseInt(env("RETAILCORE_PORT", "8090")), "USD",
                Path.of(env("RETAILCORE_ROOT", "adapters/retailcore/mimic")), env("RETAILCORE_BIND_ADDRESS", "0.0.0.0"));
        mimic.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mimic.stop();
            stopped.countDown();
        }, "retailcore-mimic-stop"));
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalStateException(name + " is not set");
            }
            return fallback;
        }
        return value;
    }
}

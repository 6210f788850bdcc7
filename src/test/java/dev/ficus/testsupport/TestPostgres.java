package dev.ficus.testsupport;

import dev.ficus.playground.NorthwindSeeder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL that tests run against, with {@code wal_level=logical}.
 *
 * <p>When the environment variable {@code FICUS_TEST_PG_URL} is set (CI sets it to the machine's server,
 * e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), that server is used; otherwise one
 * embedded PostgreSQL (zonky) is started per test JVM. Each call to {@link #newNorthwindDatabase(String)}
 * creates a fresh database seeded with Northwind, so tests never share rows.
 *
 * <p>A server that is configured but unreachable fails the test with a message naming the URL; tests never skip.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Server server;

    private TestPostgres() {
    }

    /** Connection facts of one test database. */
    public record Database(String jdbcUrl, String user, String password, DataSource dataSource) {
    }

    private record Server(String host, int port, String user, String password) {
        String url(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        DataSource dataSource(String database) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url(database));
            ds.setUser(user);
            if (password != null) {
                ds.setPassword(password);
            }
            return ds;
        }
    }

    /**
     * Creates a new, empty database named {@code <prefix>_<pid>_<n>} and seeds it with Northwind.
     *
     * @param prefix lower-case letters and underscores, names the test that owns it
     * @return the database's JDBC URL, credentials and a data source
     * @throws IllegalStateException when the server cannot be reached or the seed fails
     */
    public static Database newNorthwindDatabase(String prefix) {
        Database db = newEmptyDatabase(prefix);
        NorthwindSeeder.seedIfEmpty(db.dataSource(), NorthwindSeeder.DEFAULT_SCRIPT);
        return db;
    }

    /**
     * Creates a new, empty database named {@code <prefix>_<pid>_<n>}.
     *
     * @param prefix lower-case letters and underscores
     * @return the database's JDBC URL, credentials and a data source
     * @throws IllegalStateException when the server cannot be reached
     */
    public static Database newEmptyDatabase(String prefix) {
        Server s = server();
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = s.dataSource("postgres").getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Test PostgreSQL at " + s.url("postgres") + " is unreachable or refused "
                    + "CREATE DATABASE: " + e.getMessage(), e);
        }
        return new Database(s.url(name), s.user(), s.password(), s.dataSource(name));
    }

    private static Server server() {
        Server s = server;
        if (s == null) {
            synchronized (TestPostgres.class) {
                if (server == null) {
                    server = startServer();
                }
                s = server;
            }
        }
        return s;
    }

    private static Server startServer() {
        String url = System.getenv("FICUS_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away; zonky also removes its data directory on exit
                }
            }));
            return new Server("localhost", pg.getPort(), "postgres", null);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start embedded PostgreSQL for tests: " + e.getMessage(), e);
        }
    }

    private static Server external(String url) {
        // jdbc:postgresql://host:port/db?user=u&password=p
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        String user = "postgres";
        String password = null;
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("user")) {
                    user = kv[1];
                } else if (kv[0].equals("password")) {
                    password = kv[1];
                }
            }
        }
        return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
    }
}

package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ficus's own schema on a real PostgreSQL, migrated with the Flyway settings of {@code application.yml}: a database
 * that an earlier Ficus migrated beyond a migration added later with a lower version (each capability numbers in its
 * own range, so V33 arrives after V50) takes it, rather than refusing to start.
 */
class FicusMigrationsIT {

    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    static final String LATER = "V33__pos_dead_letter_audit.sql";

    /** The {@code spring.flyway.*} settings of application.yml. */
    static Properties applicationYml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }

    static Flyway flyway(TestPostgres.Database db, String location, boolean outOfOrder) {
        Properties app = applicationYml();
        return Flyway.configure().dataSource(db.dataSource()).schemas("ficus").defaultSchema("ficus")
                .locations(location).outOfOrder(outOfOrder)
                .ignoreMigrationPatterns(app.getProperty("spring.flyway.ignore-migration-patterns").split(","))
                .load();
    }

    /** A database migrated by a Ficus that did not have {@value #LATER} yet. */
    static TestPostgres.Database migratedWithout(String migration) throws IOException {
        Path earlier = FicusTestOptions.tempDir("ficus-migrations");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals(migration)).toList()) {
                Files.copy(file, earlier.resolve(file.getFileName()));
            }
        }
        TestPostgres.Database db = TestPostgres.newEmptyDatabase("migrations");
        flyway(db, "filesystem:" + earlier, false).migrate();
        return db;
    }

    @Test
    void shouldApplyALowerVersionToADatabaseMigratedBeyondIt() throws IOException {
        TestPostgres.Database db = migratedWithout(LATER);
        boolean outOfOrder = Boolean.parseBoolean(applicationYml().getProperty("spring.flyway.out-of-order"));

        flyway(db, "classpath:db/migration", outOfOrder).migrate();

        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ficus'"
                + " AND table_name = 'pos_dead_letter_audit'", Integer.class)).isOne();
        List<String> applied = jdbc.queryForList("SELECT version FROM ficus.flyway_schema_history WHERE success "
                + "ORDER BY installed_rank", String.class);
        assertThat(applied).as("applied last, after higher versions").endsWith("33").contains("50");
    }

    @Test
    void shouldRefuseThatDatabaseWithoutOutOfOrder() throws IOException {
        TestPostgres.Database db = migratedWithout(LATER);

        assertThatThrownBy(() -> flyway(db, "classpath:db/migration", false).migrate())
                .isInstanceOf(FlywayException.class).hasMessageContaining("33");
    }
}

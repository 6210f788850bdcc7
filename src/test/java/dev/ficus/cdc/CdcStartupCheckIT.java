package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A captured table that cannot be captured stops Ficus with one line naming it (child JVM, real main class). */
class CdcStartupCheckIT {

    @Test
    void shouldRefuseToStartWhenACapturedTableHasNoPrimaryKeyAndNoFullReplicaIdentity() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_nopk");
        new JdbcTemplate(db.dataSource()).execute("CREATE TABLE audit_log (at TIMESTAMPTZ, what TEXT)");
        Path data = Files.createTempDirectory("ficus-nopk");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("server.port", String.valueOf(FreePorts.next()));
        options.put("ficus.artemis.port", String.valueOf(FreePorts.next()));
        options.put("ficus.data-dir", data.toString());
        options.put("legacy.db.url", db.jdbcUrl());
        options.put("legacy.db.user", db.user());
        options.put("legacy.base-url", "http://127.0.0.1:9");   // no RetailCore HTTP in this test
        options.put("cdc.slot-name", "ficus_it_" + ProcessHandle.current().pid() + "_nopk");
        options.put("cdc.tables[0].name", "public.products");
        options.put("cdc.tables[1].name", "public.audit_log");

        try (FicusProcess ficus = FicusProcess.start(options, data)) {
            assertThat(ficus.waitForExit(120)).isNotZero();
            String line = ficus.output().lines().filter(l -> l.startsWith("ficus: cannot start:")).findFirst()
                    .orElse("");
            assertThat(line).contains("table public.audit_log has no primary key and no REPLICA IDENTITY FULL")
                    .contains("ALTER TABLE public.audit_log REPLICA IDENTITY FULL");
        }
        assertThat(new JdbcTemplate(db.dataSource()).queryForObject(
                "SELECT count(*) FROM pg_publication WHERE pubname = 'ficus_cdc'", Integer.class))
                .as("no publication was created").isZero();
    }
}

package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ficus.testsupport.FicusProcess;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A captured table that cannot be captured stops Ficus with one line naming it (child JVM, real main class). */
class CdcStartupCheckIT {

    @Test
    void shouldRefuseToStartWhenACapturedTableHasNoPrimaryKeyAndNoFullReplicaIdentity() throws Exception {
        TestPostgres.Database db = TestPostgres.newNorthwindDatabase("cdc_nopk");
        new JdbcTemplate(db.dataSource()).execute("CREATE TABLE audit_log (at TIMESTAMPTZ, what TEXT)");
        Path data = Files.createTempDirectory("ficus-nopk");
        FicusTestOptions options = FicusTestOptions.create().httpPort(FreePorts.next())
                .artemisPort(FreePorts.next()).dataDir(data).legacyDatabase(db).withoutLegacyHttp()
                .cdcSlot("nopk")
                .captureTable("public.products", null)
                .captureTable("public.audit_log", null);

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

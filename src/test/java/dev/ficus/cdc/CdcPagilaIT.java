package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import dev.ficus.testsupport.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Change data capture on Pagila: {@code payment} is partitioned by month, and its changes must be published
 * under the parent table's name whatever partition the row lands in.
 */
// Closed after the class: its engine and broker must not run on beside the next test's (2 cores, one JVM)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CdcPagilaIT {

    static final TestPostgres.Database DB = Pagila.newDatabase("cdc_pagila");
    static final int ARTEMIS_PORT = FreePorts.next();
    static final Path DATA_DIR = FicusTestOptions.tempDir("ficus-cdc-pagila");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FicusTestOptions.create().legacyDatabase(DB)
                .embeddedBrokerId(12)   // in-VM id unique in the test JVM
                .withoutLegacyHttp().artemisPort(ARTEMIS_PORT).dataDir(DATA_DIR).routesReloadOff()
                .cdcSlot("pagila").cdcSnapshotMode("no_data")
                .captureTable("public.payment", "payment")
                .captureTable("public.customer", "customer")
                .registerIn(registry);
    }

    final JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());

    @Test
    void shouldPublishAPartitionRowUnderTheParentTableName() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.payment'::regclass",
                Integer.class)).isGreaterThan(1);
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.#")) {
            int id = jdbc.queryForObject("INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) "
                    + "VALUES (1, 1, 1, 5.90, '2022-02-15 10:00:00+00') RETURNING payment_id", Integer.class);
            jdbc.update("UPDATE payment SET amount = 7.10 WHERE payment_id = ?", id);

            JsonNode created = tap.await(e -> e.path("type").asText().equals("retail.payment.created")).event();
            assertThat(created.path("table").asText()).isEqualTo("public.payment");
            assertThat(created.at("/data/table").asText()).isEqualTo("public.payment");
            assertThat(created.path("subject").asText()).isEqualTo("2022-02-15T10:00:00Z/" + id);
            assertThat(created.at("/data/after/amount").asText()).isEqualTo("5.90");
            assertThat(created.at("/data/after/payment_date").asText()).isEqualTo("2022-02-15T10:00:00Z");
            JsonNode updated = tap.await(e -> e.path("type").asText().equals("retail.payment.updated")).event();
            assertThat(updated.at("/data/after/amount").asText()).isEqualTo("7.10");
            assertThat(tap.received).allSatisfy(r -> assertThat(r.event().path("table").asText())
                    .doesNotContain("payment_p"));
        }
    }

    @Test
    void shouldPublishACustomerChangeOfPagila() {
        try (ArtemisTap tap = new ArtemisTap(ARTEMIS_PORT, "retail.customer.#")) {
            jdbc.update("UPDATE customer SET email = 'mary.smith@example.org' WHERE customer_id = 1");

            JsonNode event = tap.await(e -> e.path("subject").asText().equals("1")).event();
            assertThat(event.at("/data/after/email").asText()).isEqualTo("mary.smith@example.org");
            assertThat(event.at("/data/after/create_date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
    }
}

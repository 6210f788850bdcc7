package dev.ficus.cdc;

import java.security.Principal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of the capture.
 *
 * <p>{@code POST /admin/cdc/snapshots/{table}} ({@code table} = {@code schema.table}, one of {@code cdc.tables})
 * starts an ad-hoc incremental snapshot of that table while streaming goes on: it writes Debezium's
 * {@code execute-snapshot} signal ({@code {"data-collections":[table],"type":"incremental"}}) into the signal
 * table. Answers 202 {@code {"signal": id, "table": table}}; 404 {@code application/problem+json} for a table that
 * is not captured; 503 when the signal cannot be written. The rows then arrive as {@code snapshot} events. The log
 * names the authenticated principal who asked (Spring Security lets only the role {@code operator} reach this).
 */
@RestController
@ConditionalOnProperty(name = "cdc.enabled", havingValue = "true", matchIfMissing = true)
public class CdcAdminController {

    private static final Logger log = LoggerFactory.getLogger(CdcAdminController.class);

    private final CdcProperties properties;
    private final DataSource legacy;

    CdcAdminController(CdcProperties properties, @Qualifier("legacyDataSource") DataSource legacy) {
        this.properties = properties;
        this.legacy = legacy;
    }

    /**
     * @param table     {@code schema.table}
     * @param principal who asks (Spring Security's authenticated principal; logged with the signal id)
     * @return 202 with the signal id, 404 or 503 as problem details (RFC 9457)
     */
    @PostMapping("/admin/cdc/snapshots/{table}")
    public ResponseEntity<Map<String, Object>> snapshot(@PathVariable String table, Principal principal) {
        boolean captured = properties.tables().stream().anyMatch(t -> t.name().equals(table));
        if (!captured) {
            return problem(HttpStatus.NOT_FOUND, "table " + table + " is not captured (cdc.tables)");
        }
        String id = UUID.randomUUID().toString();
        String data = "{\"data-collections\":[\"" + table.replace("\"", "") + "\"],\"type\":\"incremental\"}";
        try (Connection c = legacy.getConnection();
             PreparedStatement st = c.prepareStatement("INSERT INTO " + properties.signalTable()
                     + " (id, type, data) VALUES (?, 'execute-snapshot', ?)")) {
            st.setString(1, id);
            st.setString(2, data);
            st.executeUpdate();
        } catch (SQLException e) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "cannot write the snapshot signal: " + e.getMessage());
        }
        log.info("incremental snapshot of {} requested by {} (signal {})", table,
                principal == null ? "an unauthenticated caller" : principal.getName(), id);
        return ResponseEntity.accepted().body(Map.of("signal", id, "table", table));
    }

    /** Thrown, so the one application-wide problem writer answers it (with {@code instance} and {@code requestId}). */
    private static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String detail) {
        throw new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}

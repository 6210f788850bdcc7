package dev.ficus.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the CloudEvents {@code type}(s) of a change from {@code cdc.tables}: every {@link CdcProperties.EventRule}
 * of the table whose operations include the change's and, for an update with {@code when-changed} columns, one of
 * which changed (or the before image is unknown). When no rule matches, the one default type
 * {@code <type-prefix>.<entity>.<created|updated|deleted|snapshot|truncated>}, the entity being the table's
 * {@code entity} or, when blank or the table is not configured, the table name without its schema. Thread-safe.
 */
final class CdcEventTypes {

    private final String typePrefix;
    private final Map<String, CdcProperties.Table> tables = new HashMap<>();

    /**
     * @param typePrefix prefix of default types, e.g. {@code retail}
     * @param tables     the captured tables with their rules
     */
    CdcEventTypes(String typePrefix, List<CdcProperties.Table> tables) {
        this.typePrefix = typePrefix;
        for (CdcProperties.Table t : tables) {
            this.tables.put(t.name(), t);
        }
    }

    /**
     * @param table  {@code schema.table}
     * @param op     {@code create}, {@code update}, {@code delete}, {@code snapshot} or {@code truncate}
     * @param before canonical before image, or {@code null}
     * @param after  canonical after image, or {@code null}
     * @return the types, in rule order; never empty
     */
    List<String> typesFor(String table, String op, ObjectNode before, ObjectNode after) {
        CdcProperties.Table config = tables.get(table);
        List<String> types = new ArrayList<>();
        if (config != null) {
            for (CdcProperties.EventRule rule : config.events()) {
                if (rule.operations().contains(op) && changed(rule.whenChanged(), op, before, after)) {
                    types.add(rule.type());
                }
            }
        }
        if (types.isEmpty()) {
            types.add(defaultType(config, table, op));
        }
        return types;
    }

    private String defaultType(CdcProperties.Table config, String table, String op) {
        String entity = config != null && config.entity() != null && !config.entity().isBlank()
                ? config.entity() : table.substring(table.indexOf('.') + 1);
        String word = switch (op) {
            case "create" -> "created";
            case "update" -> "updated";
            case "delete" -> "deleted";
            case "truncate" -> "truncated";
            default -> "snapshot";
        };
        return typePrefix + "." + entity + "." + word;
    }

    /** An update changed one of {@code columns}; unknown when there is no before image, which counts as changed. */
    static boolean changed(List<String> columns, String op, ObjectNode before, ObjectNode after) {
        if (columns.isEmpty() || !op.equals("update") || before == null || after == null) {
            return true;
        }
        for (String column : columns) {
            if (!Objects.equals(before.get(column), after.get(column))) {
                return true;
            }
        }
        return false;
    }
}

package dev.ficus.playground.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The catalog service's read model: products and categories, built only from Ficus's change events (never by
 * reading the legacy database), kept in the schema {@code catalog} of Ficus's database.
 *
 * <p>{@link #apply(String)} takes one CloudEvents 1.0 JSON change event of the CDC capability ({@code data.table}
 * {@code public.products} or {@code public.categories}, {@code data.op} {@code snapshot|create|update|delete|truncate},
 * {@code data.after} / {@code data.key} as canonical JSON) and upserts or deletes. Queries answer the modern
 * canonical JSON of the façade (camelCase, money {@code {"amount":"21.00","currency":"USD"}}). A product's
 * {@code categoryName} is joined at read time, so it appears as soon as its category's event has been applied,
 * whichever of the two events came first.
 *
 * <p><b>Readiness.</b> The model is {@link #ready()} once it holds the complete initial snapshot of every table in
 * {@link #TABLES}: the CDC capability marks the last snapshot row of each table (CloudEvents extension
 * {@code snapshot} = {@code last_in_data_collection}, or {@code last} for the last table), and applying that row
 * records the table in {@code catalog.snapshot_state} (Flyway V41), beside the read model, so a restart with the
 * model already built is ready at once. A mark is applied after its table's other rows because the route is the
 * subscription's one consumer and takes messages in broker order; with several replicas sharing the subscription,
 * another replica may still be committing one earlier row when the mark is applied.
 */
public class CatalogReadModel {

    private static final Logger log = LoggerFactory.getLogger(CatalogReadModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRODUCT_SQL = "SELECT p.*, c.category_name FROM catalog.product p "
            + "LEFT JOIN catalog.category c ON c.category_id = p.category_id";

    /** The legacy tables whose complete initial snapshot the model needs before it answers. */
    public static final List<String> TABLES = List.of("public.products", "public.categories");
    private static final Set<String> LAST_MARKS = Set.of("last_in_data_collection", "last");

    private final JdbcTemplate jdbc;
    private final String currency;
    private final boolean requireSnapshot;
    private volatile boolean ready;

    /**
     * @param dataSource Ficus's database (schema {@code catalog} created by Flyway V40)
     * @param currency   ISO 4217 code of prices, e.g. {@code USD}
     * @param requireSnapshot {@code false}: ready at once, without waiting for snapshot marks (for a capture that
     *                   takes no snapshot, {@code cdc.snapshot-mode=no_data}, or a table that was empty when the
     *                   snapshot ran and so has no marked row)
     */
    public CatalogReadModel(DataSource dataSource, String currency, boolean requireSnapshot) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.currency = currency;
        this.requireSnapshot = requireSnapshot;
    }

    /**
     * Whether the model holds the complete initial snapshot of every table in {@link #TABLES} (or snapshots are not
     * required). Once true it stays true for this instance; otherwise each call reads {@code catalog.snapshot_state}.
     *
     * @return {@code true} when the model may answer
     * @throws org.springframework.dao.DataAccessException when Ficus's database cannot be read
     */
    public boolean ready() {
        return awaitingSnapshot().isEmpty();
    }

    /**
     * @return the tables of {@link #TABLES} whose initial snapshot is not complete yet, in that order; empty when
     *     ready or when snapshots are not required
     * @throws org.springframework.dao.DataAccessException when Ficus's database cannot be read
     */
    public List<String> awaitingSnapshot() {
        if (!requireSnapshot || ready) {
            return List.of();
        }
        List<String> done = jdbc.queryForList("SELECT table_name FROM catalog.snapshot_state", String.class);
        List<String> awaiting = TABLES.stream().filter(t -> !done.contains(t)).toList();
        ready = awaiting.isEmpty();
        return awaiting;
    }

    /**
     * Applies one change event. Events of other tables, and unreadable ones, are ignored (logged).
     *
     * @param cloudEvent the event, JSON structured mode
     * @throws org.springframework.dao.DataAccessException when the database refuses the write (the message is then
     *     redelivered by the broker)
     */
    public void apply(String cloudEvent) {
        JsonNode event;
        try {
            event = JSON.readTree(cloudEvent);
        } catch (IOException e) {
            log.warn("Catalog ignores an unreadable change event: {}", e.getMessage());
            return;
        }
        JsonNode data = event.path("data");
        String table = data.path("table").asText();
        String op = data.path("op").asText();
        JsonNode after = data.path("after");
        switch (table) {
            case "public.products" -> applyProduct(event.path("id").asText(), op, data.path("key"), after);
            case "public.categories" -> applyCategory(op, data.path("key"), after);
            default -> {
                log.debug("Catalog ignores changes of {}", table);
                return;
            }
        }
        if (LAST_MARKS.contains(event.path("snapshot").asText())
                && jdbc.update("INSERT INTO catalog.snapshot_state (table_name, event_id) VALUES (?, ?) "
                        + "ON CONFLICT (table_name) DO NOTHING", table, event.path("id").asText()) == 1) {
            log.info("Catalog holds the complete initial snapshot of {}", table);
        }
    }

    private void applyProduct(String eventId, String op, JsonNode key, JsonNode after) {
        switch (op) {
            case "truncate" -> jdbc.update("DELETE FROM catalog.product");
            case "delete" -> jdbc.update("DELETE FROM catalog.product WHERE product_id = ?",
                    key.path("product_id").asInt());
            default -> jdbc.update("""
                    INSERT INTO catalog.product (product_id, product_name, supplier_id, category_id, quantity_per_unit,
                        unit_price, units_in_stock, units_on_order, reorder_level, discontinued, event_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (product_id) DO UPDATE SET product_name = excluded.product_name,
                        supplier_id = excluded.supplier_id, category_id = excluded.category_id,
                        quantity_per_unit = excluded.quantity_per_unit, unit_price = excluded.unit_price,
                        units_in_stock = excluded.units_in_stock, units_on_order = excluded.units_on_order,
                        reorder_level = excluded.reorder_level, discontinued = excluded.discontinued,
                        event_id = excluded.event_id, updated_at = now()""",
                    after.path("product_id").asInt(), after.path("product_name").asText(),
                    integer(after, "supplier_id"), integer(after, "category_id"), text(after, "quantity_per_unit"),
                    price(after.get("unit_price")), integer(after, "units_in_stock"), integer(after, "units_on_order"),
                    integer(after, "reorder_level"), after.path("discontinued").asInt() != 0, eventId);
        }
    }

    private void applyCategory(String op, JsonNode key, JsonNode after) {
        switch (op) {
            case "truncate" -> jdbc.update("DELETE FROM catalog.category");
            case "delete" -> jdbc.update("DELETE FROM catalog.category WHERE category_id = ?",
                    key.path("category_id").asInt());
            default -> jdbc.update("""
                    INSERT INTO catalog.category (category_id, category_name) VALUES (?, ?)
                    ON CONFLICT (category_id) DO UPDATE SET category_name = excluded.category_name""",
                    after.path("category_id").asInt(), after.path("category_name").asText());
        }
    }

    /**
     * @param id product id
     * @return the canonical product JSON, or empty when the read model has no such product
     */
    public Optional<ObjectNode> product(int id) {
        return jdbc.query(PRODUCT_SQL + " WHERE p.product_id = ?", (rs, n) -> productJson(rs), id).stream().findFirst();
    }

    /**
     * @param id product id
     * @return {@code {productId, unitsInStock, unitsOnOrder, reorderLevel, reorderNeeded}}, or empty; a reorder is
     *     needed when stock + on order ≤ reorder level and the product is not discontinued (NULL counts as 0)
     */
    public Optional<ObjectNode> inventory(int id) {
        return jdbc.query("SELECT * FROM catalog.product WHERE product_id = ?", (rs, n) -> {
            ObjectNode stock = JSON.createObjectNode();
            int inStock = rs.getInt("units_in_stock");
            int onOrder = rs.getInt("units_on_order");
            int reorderLevel = rs.getInt("reorder_level");
            stock.put("productId", rs.getInt("product_id"));
            putInt(stock, "unitsInStock", rs, "units_in_stock");
            putInt(stock, "unitsOnOrder", rs, "units_on_order");
            putInt(stock, "reorderLevel", rs, "reorder_level");
            stock.put("reorderNeeded", !rs.getBoolean("discontinued") && inStock + onOrder <= reorderLevel);
            return stock;
        }, id).stream().findFirst();
    }

    /**
     * @param page         0-based page
     * @param size         items per page
     * @param category     category id filter, or {@code null}
     * @param discontinued discontinued filter, or {@code null}
     * @param name         case-insensitive part of the name, or {@code null}
     * @return {@code {items, totalCount, page, size}} ordered by product id
     */
    public ObjectNode products(int page, int size, Integer category, Boolean discontinued, String name) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (category != null) {
            where.append(" AND p.category_id = ?");
            args.add(category);
        }
        if (discontinued != null) {
            where.append(" AND p.discontinued = ?");
            args.add(discontinued);
        }
        if (name != null) {
            where.append(" AND lower(p.product_name) LIKE ?");
            args.add("%" + name.toLowerCase(java.util.Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
        }
        Integer total = jdbc.queryForObject("SELECT count(*) FROM catalog.product p" + where, Integer.class,
                args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        ObjectNode result = JSON.createObjectNode();
        ArrayNode items = result.putArray("items");
        jdbc.query(PRODUCT_SQL + where + " ORDER BY p.product_id LIMIT ? OFFSET ?",
                (ResultSet rs) -> {
                    items.add(productJson(rs));
                }, pageArgs.toArray());
        result.put("totalCount", total == null ? 0 : total);
        result.put("page", page);
        result.put("size", size);
        return result;
    }

    /** @return how many products the read model holds */
    public int productCount() {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM catalog.product", Integer.class);
        return n == null ? 0 : n;
    }

    private ObjectNode productJson(ResultSet rs) throws SQLException {
        ObjectNode p = JSON.createObjectNode();
        p.put("id", rs.getInt("product_id"));
        p.put("name", rs.getString("product_name"));
        putInt(p, "supplierId", rs, "supplier_id");
        putInt(p, "categoryId", rs, "category_id");
        p.put("categoryName", rs.getString("category_name"));
        p.put("quantityPerUnit", rs.getString("quantity_per_unit"));
        BigDecimal price = rs.getBigDecimal("unit_price");
        if (price == null) {
            p.putNull("unitPrice");
        } else {
            p.putObject("unitPrice").put("amount", price.setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                    .put("currency", currency);
        }
        putInt(p, "unitsInStock", rs, "units_in_stock");
        putInt(p, "unitsOnOrder", rs, "units_on_order");
        putInt(p, "reorderLevel", rs, "reorder_level");
        p.put("discontinued", rs.getBoolean("discontinued"));
        return p;
    }

    private static void putInt(ObjectNode node, String field, ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        if (rs.wasNull()) {
            node.putNull(field);
        } else {
            node.put(field, v);
        }
    }

    private static Integer integer(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static String text(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Northwind keeps prices in {@code real}: its shortest decimal form, rounded to cents. */
    private static BigDecimal price(JsonNode v) {
        return v == null || v.isNull() ? null : new BigDecimal(v.asText()).setScale(2, RoundingMode.HALF_UP);
    }
}

package dev.ficus.playground.mimic;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * RetailCore's read endpoints, answered from the Northwind tables with bind-parameter SQL only.
 *
 * <p>Every method returns a complete XML body (see {@code adapters/retailcore/README.md} for the element names)
 * or throws {@link LookupException}: 400 {@code BAD_REQUEST} for a malformed id or query parameter, 404
 * {@code NOT_FOUND} for a row that does not exist, 500 {@code DATABASE_ERROR} when PostgreSQL fails. Money is
 * read as {@code round(x::numeric, 2)} and written as an implied decimal; dates as {@code yyyyMMdd}; NULL columns
 * as empty elements.
 */
final class RetailCoreLookups {

    /** Default and largest page size of {@code GET /retailcore/products}. */
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 100;

    private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]+");
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9]{1,5}");

    private static final String PRODUCT_COLUMNS = """
            SELECT p.product_id, p.product_name, p.supplier_id, p.category_id, c.category_name,
                   p.quantity_per_unit, round(p.unit_price::numeric, 2) AS unit_price, p.units_in_stock,
                   p.units_on_order, p.reorder_level, p.discontinued
              FROM products p LEFT JOIN categories c ON c.category_id = p.category_id
            """;

    private static final String ORDER_COLUMNS = """
            SELECT o.order_id, o.customer_id, o.employee_id, o.order_date, o.required_date, o.shipped_date,
                   o.ship_via, round(o.freight::numeric, 2) AS freight, o.ship_name, o.ship_address, o.ship_city,
                   o.ship_region, o.ship_postal_code, o.ship_country
              FROM orders o
            """;

    private final DataSource dataSource;
    private final String currency;

    RetailCoreLookups(DataSource dataSource, String currency) {
        this.dataSource = dataSource;
        this.currency = currency;
    }

    /** {@code GET /retailcore/products/{id}}: one {@code <PRODUCT>}. */
    String product(String idText) {
        int id = numericId(idText, "product");
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement(PRODUCT_COLUMNS + " WHERE p.product_id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LookupException.notFound("Product " + idText + " does not exist");
                    }
                    LegacyXml xml = new LegacyXml();
                    writeProduct(xml, rs);
                    return xml.toString();
                }
            }
        });
    }

    /**
     * {@code GET /retailcore/products}: a {@code <PRODUCT_LIST>} page.
     *
     * @param params first value of each query parameter: {@code category}, {@code discontinued}, {@code name},
     *               {@code start}, {@code count}; others are ignored
     */
    String productList(Map<String, String> params) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        String category = blankToNull(params.get("category"));
        if (category != null) {
            if (!NUMERIC_ID.matcher(category).matches() || category.length() > 9) {
                throw LookupException.badRequest("category must be a category id (digits): " + category);
            }
            where.add("p.category_id = ?");
            args.add(Integer.parseInt(category));
        }
        String discontinued = blankToNull(params.get("discontinued"));
        if (discontinued != null) {
            if (discontinued.equals("Y")) {
                where.add("p.discontinued <> 0");
            } else if (discontinued.equals("N")) {
                where.add("p.discontinued = 0");
            } else {
                throw LookupException.badRequest("discontinued must be Y or N: " + discontinued);
            }
        }
        String name = blankToNull(params.get("name"));
        if (name != null) {
            where.add("position(lower(?) in lower(p.product_name)) > 0");
            args.add(name);
        }
        int start = intParam(params, "start", 0, 0, Integer.MAX_VALUE);
        int count = intParam(params, "count", DEFAULT_COUNT, 1, MAX_COUNT);
        String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return query(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM products p" + filter)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            LegacyXml xml = new LegacyXml().open("PRODUCT_LIST").leaf("TOTAL_COUNT", total);
            try (PreparedStatement ps = c.prepareStatement(
                    PRODUCT_COLUMNS + filter + " ORDER BY p.product_id LIMIT ? OFFSET ?")) {
                bind(ps, args);
                ps.setInt(args.size() + 1, count);
                ps.setLong(args.size() + 2, start);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        writeProduct(xml, rs);
                    }
                }
            }
            return xml.close().toString();
        });
    }

    /** {@code GET /retailcore/stock/{productId}}: one {@code <STOCK>}. */
    String stock(String idText) {
        int id = numericId(idText, "product");
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT product_id, units_in_stock, units_on_order, reorder_level, discontinued
                      FROM products WHERE product_id = ?""")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LookupException.notFound("Product " + idText + " does not exist");
                    }
                    Integer inStock = rs.getObject("units_in_stock", Integer.class);
                    Integer onOrder = rs.getObject("units_on_order", Integer.class);
                    Integer reorderLevel = rs.getObject("reorder_level", Integer.class);
                    boolean discontinued = rs.getInt("discontinued") != 0;
                    boolean reorder = !discontinued
                            && zeroIfNull(inStock) + zeroIfNull(onOrder) <= zeroIfNull(reorderLevel);
                    return new LegacyXml().open("STOCK")
                            .leaf("PRODUCT_ID", rs.getInt("product_id"))
                            .leaf("UNITS_IN_STOCK", inStock)
                            .leaf("UNITS_ON_ORDER", onOrder)
                            .leaf("REORDER_LEVEL", reorderLevel)
                            .leaf("REORDER_FLAG", reorder ? "Y" : "N")
                            .close().toString();
                }
            }
        });
    }

    /** {@code GET /retailcore/customers/{id}}: one {@code <CUSTOMER>}. */
    String customer(String idText) {
        String id = customerId(idText);
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT customer_id, company_name, contact_name, contact_title, address, city, region,
                           postal_code, country, phone, fax
                      FROM customers WHERE customer_id = ?""")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LookupException.notFound("Customer " + id + " does not exist");
                    }
                    return new LegacyXml().open("CUSTOMER")
                            .leaf("CUSTOMER_ID", rs.getString("customer_id"))
                            .leaf("COMPANY_NAME", rs.getString("company_name"))
                            .leaf("CONTACT_NAME", rs.getString("contact_name"))
                            .leaf("CONTACT_TITLE", rs.getString("contact_title"))
                            .leaf("ADDRESS", rs.getString("address"))
                            .leaf("CITY", rs.getString("city"))
                            .leaf("REGION", rs.getString("region"))
                            .leaf("POSTAL_CODE", rs.getString("postal_code"))
                            .leaf("COUNTRY", rs.getString("country"))
                            .leaf("PHONE", rs.getString("phone"))
                            .leaf("FAX", rs.getString("fax"))
                            .close().toString();
                }
            }
        });
    }

    /** {@code GET /retailcore/orders/{id}}: one {@code <ORDER>} with its {@code <LINES>}. */
    String order(String idText) {
        int id = numericId(idText, "order");
        return query(c -> {
            LegacyXml xml = new LegacyXml();
            try (PreparedStatement ps = c.prepareStatement(ORDER_COLUMNS + " WHERE o.order_id = ?")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LookupException.notFound("Order " + idText + " does not exist");
                    }
                    writeOrderHeader(xml, rs);
                }
            }
            xml.open("LINES");
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT product_id, round(unit_price::numeric, 2) AS unit_price, quantity,
                           round(discount::numeric * 100, 2) AS discount_pct
                      FROM order_details WHERE order_id = ? ORDER BY product_id""")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        xml.open("LINE")
                                .leaf("PRODUCT_ID", rs.getInt("product_id"))
                                .leaf("UNIT_PRICE", LegacyFormats.toImpliedDecimal(rs.getBigDecimal("unit_price")))
                                .leaf("QUANTITY", rs.getInt("quantity"))
                                .leaf("DISCOUNT_PCT",
                                        LegacyFormats.toImpliedDecimal(rs.getBigDecimal("discount_pct")))
                                .close();
                    }
                }
            }
            return xml.close().close().toString();
        });
    }

    /** {@code GET /retailcore/customers/{id}/orders}: an {@code <ORDER_LIST>} of headers, newest first. */
    String customerOrders(String idText) {
        String id = customerId(idText);
        return query(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM customers WHERE customer_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw LookupException.notFound("Customer " + id + " does not exist");
                    }
                }
            }
            LegacyXml xml = new LegacyXml().open("ORDER_LIST");
            String sql = ORDER_COLUMNS.replaceFirst("SELECT ", "SELECT count(*) OVER () AS total_count, ")
                    + " WHERE o.customer_id = ? ORDER BY o.order_date DESC NULLS LAST, o.order_id DESC";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    boolean first = true;
                    while (rs.next()) {
                        if (first) {
                            xml.leaf("TOTAL_COUNT", rs.getLong("total_count"));
                            first = false;
                        }
                        writeOrderHeader(xml, rs);
                        xml.close();
                    }
                    if (first) {
                        xml.leaf("TOTAL_COUNT", 0);
                    }
                }
            }
            return xml.close().toString();
        });
    }

    private void writeProduct(LegacyXml xml, ResultSet rs) throws SQLException {
        xml.open("PRODUCT")
                .leaf("PRODUCT_ID", rs.getInt("product_id"))
                .leaf("PRODUCT_NAME", rs.getString("product_name"))
                .leaf("SUPPLIER_ID", rs.getObject("supplier_id", Integer.class))
                .leaf("CATEGORY_ID", rs.getObject("category_id", Integer.class))
                .leaf("CATEGORY_NAME", rs.getString("category_name"))
                .leaf("QTY_PER_UNIT", rs.getString("quantity_per_unit"))
                .leaf("UNIT_PRICE", LegacyFormats.toImpliedDecimal(rs.getBigDecimal("unit_price")))
                .leaf("CURRENCY_CODE", currency)
                .leaf("UNITS_IN_STOCK", rs.getObject("units_in_stock", Integer.class))
                .leaf("UNITS_ON_ORDER", rs.getObject("units_on_order", Integer.class))
                .leaf("REORDER_LEVEL", rs.getObject("reorder_level", Integer.class))
                .leaf("DISCONTINUED_FLAG", rs.getInt("discontinued") != 0 ? "Y" : "N")
                .close();
    }

    /** Writes {@code <ORDER>} and its header elements and leaves {@code <ORDER>} open for the caller to close. */
    private void writeOrderHeader(LegacyXml xml, ResultSet rs) throws SQLException {
        BigDecimal freight = rs.getBigDecimal("freight");
        xml.open("ORDER")
                .leaf("ORDER_ID", rs.getInt("order_id"))
                .leaf("CUSTOMER_ID", rs.getString("customer_id"))
                .leaf("EMPLOYEE_ID", rs.getObject("employee_id", Integer.class))
                .leaf("ORDER_DATE", LegacyFormats.toYyyyMmDd(rs.getObject("order_date", LocalDate.class)))
                .leaf("REQUIRED_DATE", LegacyFormats.toYyyyMmDd(rs.getObject("required_date", LocalDate.class)))
                .leaf("SHIPPED_DATE", LegacyFormats.toYyyyMmDd(rs.getObject("shipped_date", LocalDate.class)))
                .leaf("SHIP_VIA", rs.getObject("ship_via", Integer.class))
                .leaf("FREIGHT", LegacyFormats.toImpliedDecimal(freight))
                .leaf("CURRENCY_CODE", currency)
                .leaf("SHIP_NAME", rs.getString("ship_name"))
                .leaf("SHIP_ADDRESS", rs.getString("ship_address"))
                .leaf("SHIP_CITY", rs.getString("ship_city"))
                .leaf("SHIP_REGION", rs.getString("ship_region"))
                .leaf("SHIP_POSTAL_CODE", rs.getString("ship_postal_code"))
                .leaf("SHIP_COUNTRY", rs.getString("ship_country"));
    }

    @FunctionalInterface
    private interface Work {
        String run(Connection connection) throws SQLException;
    }

    private String query(Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            return work.run(c);
        } catch (SQLException e) {
            throw LookupException.database("RetailCore database failure: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** Digits only; more than 9 digits cannot name a Northwind row (ids are smallint) and is a 404. */
    private static int numericId(String text, String what) {
        if (text == null || !NUMERIC_ID.matcher(text).matches()) {
            throw LookupException.badRequest("The " + what + " id must be numeric: " + text);
        }
        if (text.length() > 9) {
            throw LookupException.notFound(capitalise(what) + " " + text + " does not exist");
        }
        return Integer.parseInt(text);
    }

    private static String customerId(String text) {
        if (text == null || !CUSTOMER_ID.matcher(text).matches()) {
            throw LookupException.badRequest("The customer id must be 1 to 5 letters or digits: " + text);
        }
        return text;
    }

    private static int intParam(Map<String, String> params, String name, int dflt, int min, int max) {
        String text = blankToNull(params.get(name));
        if (text == null) {
            return dflt;
        }
        if (!NUMERIC_ID.matcher(text).matches() || text.length() > 9) {
            throw LookupException.badRequest(name + " must be a number from " + min + " to " + max + ": " + text);
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw LookupException.badRequest(name + " must be a number from " + min + " to " + max + ": " + text);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int zeroIfNull(Integer i) {
        return i == null ? 0 : i;
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

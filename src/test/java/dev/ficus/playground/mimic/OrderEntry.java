package dev.ficus.playground.mimic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * RetailCore's SOAP 1.1 order entry: {@code POST /retailcore/soap/OrderEntry}, operation {@code CreateOrder}.
 *
 * <p>Request: a SOAP 1.1 envelope ({@code http://schemas.xmlsoap.org/soap/envelope/}) whose body holds
 * {@code CreateOrder} in namespace {@value #NS}; header {@code SOAPAction: "urn:retailcore:OrderEntry#CreateOrder"}
 * (quotes optional). Answer: HTTP 200 with {@code CreateOrderResponse/ORDER_ID}, or HTTP 500 with a SOAP Fault
 * whose {@code faultcode} is {@code soap:Client} (the request is wrong: malformed, unknown customer, employee,
 * shipper or product, discontinued product) or {@code soap:Server} (the database failed), a {@code faultstring}
 * and {@code detail/ORDER_ENTRY_FAULT/CODE|MESSAGE}.
 *
 * <p>The order is inserted in one transaction that first takes {@code LOCK TABLE orders IN SHARE ROW EXCLUSIVE
 * MODE} (so concurrent calls serialise on the new {@code order_id = max(order_id) + 1}), with
 * {@code order_date = CURRENT_DATE} of the database, and one {@code order_details} row per line.
 */
final class OrderEntry {

    /** SOAP 1.1 envelope namespace. */
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** Namespace of {@code CreateOrder}, {@code CreateOrderResponse} and {@code ORDER_ENTRY_FAULT}. */
    static final String NS = "urn:retailcore:orderentry";
    /** The one SOAPAction served. */
    static final String SOAP_ACTION = "urn:retailcore:OrderEntry#CreateOrder";

    private static final int MAX_LINES = 100;
    private static final int MAX_SMALLINT = Short.MAX_VALUE;
    private static final Set<String> HEADER_FIELDS = Set.of("CUSTOMER_ID", "EMPLOYEE_ID", "REQUIRED_DATE",
            "SHIP_VIA", "FREIGHT", "SHIP_NAME", "SHIP_ADDRESS", "SHIP_CITY", "SHIP_REGION", "SHIP_POSTAL_CODE",
            "SHIP_COUNTRY", "LINES");
    private static final Set<String> LINE_FIELDS = Set.of("PRODUCT_ID", "QUANTITY", "UNIT_PRICE", "DISCOUNT_PCT");
    /** SHIP_* element, its column and its width; an omitted one takes the customer's matching column. */
    private static final String[][] SHIP_FIELDS = {
        {"SHIP_NAME", "company_name", "40"},
        {"SHIP_ADDRESS", "address", "60"},
        {"SHIP_CITY", "city", "15"},
        {"SHIP_REGION", "region", "15"},
        {"SHIP_POSTAL_CODE", "postal_code", "10"},
        {"SHIP_COUNTRY", "country", "15"},
    };

    private final DataSource dataSource;

    OrderEntry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A SOAP fault to answer with; {@code client} selects {@code soap:Client} over {@code soap:Server}. */
    static final class SoapFault extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final boolean client;
        final String code;

        SoapFault(boolean client, String code, String message, Throwable cause) {
            super(message, cause);
            this.client = client;
            this.code = code;
        }

        static SoapFault client(String code, String message) {
            return new SoapFault(true, code, message, null);
        }

        LegacyResponse toResponse() {
            return fault(client ? "soap:Client" : "soap:Server", code, getMessage());
        }
    }

    private record Line(int productId, int quantity, BigDecimal unitPrice, BigDecimal discountPct) {
    }

    private record CreateOrder(String customerId, Integer employeeId, LocalDate requiredDate, Integer shipVia,
                               BigDecimal freight, Map<String, String> ship, List<Line> lines) {
    }

    /**
     * Serves one SOAP call.
     *
     * @param soapAction the {@code SOAPAction} header as sent, or {@code null}
     * @param body       the request body bytes (XML; encoding from its declaration, UTF-8 by default)
     * @return 200 with {@code CreateOrderResponse}, or 500 with a SOAP 1.1 Fault; never throws
     */
    LegacyResponse handle(String soapAction, byte[] body) {
        try {
            checkSoapAction(soapAction);
            CreateOrder order = parse(body);
            int orderId = insert(order);
            String xml = new LegacyXml()
                    .open("soap:Envelope", "xmlns:soap", SOAP_NS)
                    .open("soap:Body")
                    .open("CreateOrderResponse", "xmlns", NS)
                    .leaf("ORDER_ID", orderId)
                    .close().close().close().toString();
            return LegacyResponse.ok(xml);
        } catch (SoapFault f) {
            return f.toResponse();
        } catch (RuntimeException e) {
            return fault("soap:Server", "INTERNAL_ERROR", "RetailCore order entry failed: " + e);
        }
    }

    /** Builds a SOAP 1.1 Fault envelope, HTTP 500. */
    static LegacyResponse fault(String faultCode, String code, String message) {
        String xml = new LegacyXml()
                .open("soap:Envelope", "xmlns:soap", SOAP_NS)
                .open("soap:Body")
                .open("soap:Fault")
                .leaf("faultcode", faultCode)
                .leaf("faultstring", message)
                .open("detail")
                .open("ORDER_ENTRY_FAULT", "xmlns", NS)
                .leaf("CODE", code)
                .leaf("MESSAGE", message)
                .close().close().close().close().close().toString();
        return new LegacyResponse(500, xml);
    }

    private static void checkSoapAction(String header) {
        if (header == null) {
            throw SoapFault.client("INVALID_REQUEST", "SOAPAction header is missing; expected \"" + SOAP_ACTION + "\"");
        }
        String action = header.strip();
        if (action.length() >= 2 && action.startsWith("\"") && action.endsWith("\"")) {
            action = action.substring(1, action.length() - 1);
        }
        if (!action.equals(SOAP_ACTION)) {
            throw SoapFault.client("INVALID_REQUEST", "Unsupported SOAPAction " + header + "; expected \""
                    + SOAP_ACTION + "\"");
        }
    }

    // ---------------------------------------------------------------- parsing

    private static CreateOrder parse(byte[] body) {
        Element create = createOrderElement(body);
        Map<String, String> fields = new LinkedHashMap<>();
        Element linesElement = null;
        for (Element child : children(create)) {
            String name = child.getLocalName();
            if (!HEADER_FIELDS.contains(name)) {
                throw invalid("Unknown element " + name + " in CreateOrder");
            }
            if (fields.containsKey(name) || (name.equals("LINES") && linesElement != null)) {
                throw invalid("Element " + name + " appears more than once in CreateOrder");
            }
            if (name.equals("LINES")) {
                linesElement = child;
            } else {
                fields.put(name, text(child));
            }
        }
        String customerId = fields.get("CUSTOMER_ID");
        if (customerId == null) {
            throw invalid("CUSTOMER_ID is required");
        }
        if (customerId.length() > 5) {
            throw SoapFault.client("UNKNOWN_CUSTOMER", "Customer " + customerId + " does not exist");
        }
        Integer employeeId = optionalSmallint(fields, "EMPLOYEE_ID");
        Integer shipVia = optionalSmallint(fields, "SHIP_VIA");
        LocalDate requiredDate = null;
        if (fields.get("REQUIRED_DATE") != null) {
            try {
                requiredDate = LegacyFormats.parseYyyyMmDd(fields.get("REQUIRED_DATE"));
            } catch (IllegalArgumentException e) {
                throw invalid("REQUIRED_DATE must be a yyyyMMdd date: " + fields.get("REQUIRED_DATE"));
            }
        }
        BigDecimal freight = fields.get("FREIGHT") == null ? BigDecimal.ZERO.setScale(2)
                : amount(fields.get("FREIGHT"), "FREIGHT");
        Map<String, String> ship = new LinkedHashMap<>();
        for (String[] f : SHIP_FIELDS) {
            String value = fields.get(f[0]);
            if (value != null && value.length() > Integer.parseInt(f[2])) {
                throw invalid(f[0] + " is longer than " + f[2] + " characters");
            }
            ship.put(f[0], value);
        }
        if (linesElement == null) {
            throw invalid("LINES with at least one LINE is required");
        }
        return new CreateOrder(customerId, employeeId, requiredDate, shipVia, freight, ship, lines(linesElement));
    }

    private static Element createOrderElement(byte[] body) {
        return soapPayload(body, NS, "CreateOrder");
    }

    /**
     * Parses a SOAP 1.1 request securely (no DOCTYPE, no entity expansion, no XInclude) and returns the single
     * element of its Body.
     *
     * @param body      the HTTP request body
     * @param namespace namespace the payload element must be in
     * @param operation local name the payload element must have, e.g. {@code CreateOrder}
     * @return the payload element
     * @throws SoapFault a {@code soap:Client} fault when the body is not such an envelope
     */
    static Element soapPayload(byte[] body, String namespace, String operation) {
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            doc = builder.parse(new ByteArrayInputStream(body == null ? new byte[0] : body));
        } catch (SAXException | IOException e) {
            throw invalid("The request is not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element envelope = doc.getDocumentElement();
        if (!SOAP_NS.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            throw invalid("The request is not a SOAP 1.1 Envelope (namespace " + SOAP_NS + ")");
        }
        Element soapBody = null;
        for (Element child : children(envelope)) {
            if (SOAP_NS.equals(child.getNamespaceURI()) && "Body".equals(child.getLocalName())) {
                soapBody = child;
            }
        }
        if (soapBody == null) {
            throw invalid("The SOAP Envelope has no Body");
        }
        List<Element> payload = children(soapBody);
        if (payload.size() != 1 || !namespace.equals(payload.get(0).getNamespaceURI())
                || !operation.equals(payload.get(0).getLocalName())) {
            throw invalid("The SOAP Body must hold exactly one " + operation + " element in namespace " + namespace);
        }
        return payload.get(0);
    }

    private static List<Line> lines(Element linesElement) {
        List<Line> lines = new ArrayList<>();
        Set<Integer> products = new HashSet<>();
        for (Element line : children(linesElement)) {
            if (!"LINE".equals(line.getLocalName())) {
                throw invalid("Unknown element " + line.getLocalName() + " in LINES");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Element child : children(line)) {
                String name = child.getLocalName();
                if (!LINE_FIELDS.contains(name)) {
                    throw invalid("Unknown element " + name + " in LINE");
                }
                if (fields.containsKey(name)) {
                    throw invalid("Element " + name + " appears more than once in a LINE");
                }
                fields.put(name, text(child));
            }
            Integer productId = optionalSmallint(fields, "PRODUCT_ID");
            Integer quantity = optionalSmallint(fields, "QUANTITY");
            if (productId == null) {
                throw invalid("LINE " + (lines.size() + 1) + ": PRODUCT_ID is required");
            }
            if (quantity == null || quantity < 1) {
                throw invalid("LINE " + (lines.size() + 1) + ": QUANTITY from 1 to " + MAX_SMALLINT + " is required");
            }
            if (!products.add(productId)) {
                throw invalid("Product " + productId + " appears in more than one LINE");
            }
            BigDecimal price = fields.get("UNIT_PRICE") == null ? null : amount(fields.get("UNIT_PRICE"), "UNIT_PRICE");
            BigDecimal discount = fields.get("DISCOUNT_PCT") == null ? BigDecimal.ZERO.setScale(2)
                    : percent(fields.get("DISCOUNT_PCT"));
            lines.add(new Line(productId, quantity, price, discount));
        }
        if (lines.isEmpty()) {
            throw invalid("LINES must hold at least one LINE");
        }
        if (lines.size() > MAX_LINES) {
            throw invalid("LINES may hold at most " + MAX_LINES + " LINE elements");
        }
        return lines;
    }

    private static BigDecimal amount(String text, String name) {
        BigDecimal value;
        try {
            value = LegacyFormats.parseImpliedDecimal(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name + " must be an implied decimal (digits, 2 implied decimals): " + text);
        }
        if (value.compareTo(LegacyFormats.MAX_IMPLIED_DECIMAL) > 0) {
            throw invalid(name + " must not exceed 999999 (9999.99): " + text);
        }
        return value;
    }

    private static BigDecimal percent(String text) {
        BigDecimal value;
        try {
            value = LegacyFormats.parseImpliedDecimal(text);
        } catch (IllegalArgumentException e) {
            throw invalid("DISCOUNT_PCT must be an implied-decimal percent (0 to 10000): " + text);
        }
        if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw invalid("DISCOUNT_PCT must be an implied-decimal percent (0 to 10000): " + text);
        }
        return value;
    }

    private static Integer optionalSmallint(Map<String, String> fields, String name) {
        String text = fields.get(name);
        if (text == null) {
            return null;
        }
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > MAX_SMALLINT) {
            throw invalid(name + " must be a whole number from 0 to " + MAX_SMALLINT + ": " + text);
        }
        return Integer.parseInt(text);
    }

    /** @return the child elements of {@code parent}, in document order */
    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** Trimmed text; empty means absent ({@code null}). */
    private static String text(Element e) {
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static SoapFault invalid(String message) {
        return SoapFault.client("INVALID_REQUEST", message);
    }

    // ---------------------------------------------------------------- database

    private int insert(CreateOrder order) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int id = insert(c, order);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SoapFault(false, "DATABASE_ERROR", "RetailCore database failure (SQLState "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private int insert(Connection c, CreateOrder order) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '10s'");
            st.execute("LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE");
        }
        Map<String, String> customer = customer(c, order.customerId());
        if (order.employeeId() != null && !exists(c, "SELECT 1 FROM employees WHERE employee_id = ?",
                order.employeeId())) {
            throw SoapFault.client("UNKNOWN_EMPLOYEE", "Employee " + order.employeeId() + " does not exist");
        }
        if (order.shipVia() != null && !exists(c, "SELECT 1 FROM shippers WHERE shipper_id = ?", order.shipVia())) {
            throw SoapFault.client("UNKNOWN_SHIPPER", "Shipper " + order.shipVia() + " does not exist");
        }
        List<BigDecimal> prices = new ArrayList<>();
        for (Line line : order.lines()) {
            prices.add(priceOf(c, line));
        }
        int orderId;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(order_id), 0) + 1 FROM orders")) {
            rs.next();
            orderId = rs.getInt(1);
        }
        if (orderId > MAX_SMALLINT) {
            throw new SoapFault(false, "DATABASE_ERROR", "RetailCore order numbers are exhausted (order_id is a "
                    + "smallint)", null);
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO orders (order_id, customer_id, employee_id, order_date, required_date, shipped_date,
                                    ship_via, freight, ship_name, ship_address, ship_city, ship_region,
                                    ship_postal_code, ship_country)
                VALUES (?, ?, ?, CURRENT_DATE, ?, NULL, ?, CAST(? AS real), ?, ?, ?, ?, ?, ?)""")) {
            int i = 1;
            ps.setInt(i++, orderId);
            ps.setString(i++, order.customerId());
            ps.setObject(i++, order.employeeId(), Types.SMALLINT);
            if (order.requiredDate() == null) {
                ps.setNull(i++, Types.DATE);
            } else {
                ps.setObject(i++, order.requiredDate());
            }
            ps.setObject(i++, order.shipVia(), Types.SMALLINT);
            ps.setBigDecimal(i++, order.freight());
            for (String[] f : SHIP_FIELDS) {
                String given = order.ship().get(f[0]);
                ps.setString(i++, given != null ? given : customer.get(f[1]));
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO order_details (order_id, product_id, unit_price, quantity, discount)
                VALUES (?, ?, CAST(? AS real), ?, CAST(? AS real))""")) {
            for (int n = 0; n < order.lines().size(); n++) {
                Line line = order.lines().get(n);
                ps.setInt(1, orderId);
                ps.setInt(2, line.productId());
                ps.setBigDecimal(3, prices.get(n));
                ps.setInt(4, line.quantity());
                ps.setBigDecimal(5, line.discountPct().movePointLeft(2));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return orderId;
    }

    private static Map<String, String> customer(Connection c, String customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT company_name, address, city, region, postal_code, country
                  FROM customers WHERE customer_id = ?""")) {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw SoapFault.client("UNKNOWN_CUSTOMER", "Customer " + customerId + " does not exist");
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (String[] f : SHIP_FIELDS) {
                    row.put(f[1], rs.getString(f[1]));
                }
                return row;
            }
        }
    }

    /** The line's own price, else the product's list price; checks the product exists and is not discontinued. */
    private static BigDecimal priceOf(Connection c, Line line) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT round(unit_price::numeric, 2), discontinued FROM products WHERE product_id = ?")) {
            ps.setInt(1, line.productId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw SoapFault.client("UNKNOWN_PRODUCT", "Product " + line.productId() + " does not exist");
                }
                if (rs.getInt(2) != 0) {
                    throw SoapFault.client("DISCONTINUED_PRODUCT", "Product " + line.productId()
                            + " is discontinued");
                }
                BigDecimal listPrice = rs.getBigDecimal(1);
                if (line.unitPrice() != null) {
                    return line.unitPrice();
                }
                if (listPrice == null) {
                    throw invalid("Product " + line.productId() + " has no list price; give UNIT_PRICE");
                }
                return listPrice;
            }
        }
    }

    private static boolean exists(Connection c, String sql, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}

package dev.ficus.playground.mimic;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.w3c.dom.Element;

/**
 * RetailCore's SOAP 1.1 sales posting: {@code POST /retailcore/soap/PosPosting}, operation {@code PostSale}
 * (contract in {@code adapters/retailcore/README.md}).
 *
 * <p>Request: a SOAP 1.1 envelope whose body holds {@code PostSale} in namespace {@value #NS}, header
 * {@code SOAPAction: "urn:retailcore:PosPosting#PostSale"} (quotes optional). Money is an implied decimal
 * (2 decimals, no sign), dates {@code yyyyMMdd}. Answer: HTTP 200 with {@code PostSaleResponse/SALE_ID} and
 * {@code STATUS} ({@code POSTED}, or {@code ALREADY_POSTED} when a sale with the same {@code TXN_KEY} was posted
 * before: its {@code SALE_ID} is returned and nothing is written), or HTTP 500 with a SOAP Fault
 * ({@code soap:Client}/{@code INVALID_REQUEST}, {@code soap:Server}/{@code DATABASE_ERROR} or
 * {@code INTERNAL_ERROR}) and {@code detail/POS_POSTING_FAULT/CODE|MESSAGE}.
 *
 * <p>Posted sales are kept in tables the mimic owns, in its own schema {@value #SCHEMA} of the legacy database
 * (never in Northwind's {@code public} schema): {@code pos_sale} (one row per transaction, {@code txn_key} unique)
 * and {@code pos_sale_line}. They are created on the first call ({@code CREATE ... IF NOT EXISTS}).
 */
final class PosPosting {

    /** Namespace of {@code PostSale}, {@code PostSaleResponse} and {@code POS_POSTING_FAULT}. */
    static final String NS = "urn:retailcore:posposting";
    /** The one SOAPAction served. */
    static final String SOAP_ACTION = "urn:retailcore:PosPosting#PostSale";
    /** Schema of the mimic's own tables in the legacy database. */
    static final String SCHEMA = "retailcore_mimic";

    private static final int MAX_LINES = 1000;
    private static final List<String> HEADER = List.of("TXN_KEY", "STORE_ID", "REGISTER_ID", "TXN_SEQ",
            "BUSINESS_DATE", "TXN_TYPE", "CURRENCY_CODE", "GROSS_AMT", "DISCOUNT_AMT", "TAX_AMT", "TOTAL_AMT",
            "TENDERED_AMT", "CHANGE_AMT", "BALANCED_FLAG", "LINES");
    private static final Set<String> OPTIONAL = Set.of("TOTAL_AMT");
    private static final Set<String> LINE_FIELDS = Set.of("LINE_NO", "LINE_TYPE", "ITEM_ID", "DESCRIPTION", "AMOUNT");
    private static final Map<String, Integer> WIDTHS = Map.of("TXN_KEY", 100, "STORE_ID", 20, "REGISTER_ID", 20,
            "TXN_SEQ", 20, "ITEM_ID", 50, "DESCRIPTION", 200);
    private static final String DDL = """
            CREATE SCHEMA IF NOT EXISTS retailcore_mimic;
            CREATE TABLE IF NOT EXISTS retailcore_mimic.pos_sale (
                sale_id       serial        PRIMARY KEY,
                txn_key       varchar(100)  NOT NULL UNIQUE,
                store_id      varchar(20)   NOT NULL,
                register_id   varchar(20)   NOT NULL,
                txn_seq       varchar(20)   NOT NULL,
                business_date date          NOT NULL,
                txn_type      varchar(6)    NOT NULL,
                currency_code char(3)       NOT NULL,
                gross_amt     numeric(9,2)  NOT NULL,
                discount_amt  numeric(9,2)  NOT NULL,
                tax_amt       numeric(9,2)  NOT NULL,
                total_amt     numeric(9,2),
                tendered_amt  numeric(9,2)  NOT NULL,
                change_amt    numeric(9,2)  NOT NULL,
                balanced_flag char(1)       NOT NULL,
                posted_at     timestamptz   NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS retailcore_mimic.pos_sale_line (
                sale_id       integer       NOT NULL REFERENCES retailcore_mimic.pos_sale,
                line_no       integer       NOT NULL,
                line_type     char(1)       NOT NULL,
                item_id       varchar(50),
                description   varchar(200),
                amount        numeric(9,2)  NOT NULL,
                PRIMARY KEY (sale_id, line_no));
            """;

    private final DataSource dataSource;
    private volatile boolean tablesReady;

    PosPosting(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Line(int lineNo, String type, String itemId, String description, BigDecimal amount) {
    }

    private record Sale(Map<String, String> text, LocalDate businessDate, Map<String, BigDecimal> money,
                        List<Line> lines) {
    }

    /**
     * Serves one SOAP call.
     *
     * @param soapAction the {@code SOAPAction} header as sent, or {@code null}
     * @param body       the request body bytes
     * @return 200 with {@code PostSaleResponse}, or 500 with a SOAP 1.1 Fault; never throws
     */
    LegacyResponse handle(String soapAction, byte[] body) {
        try {
            checkSoapAction(soapAction);
            Sale sale = parse(body);
            long[] posted = insert(sale);
            String xml = new LegacyXml()
                    .open("soap:Envelope", "xmlns:soap", OrderEntry.SOAP_NS)
                    .open("soap:Body")
                    .open("PostSaleResponse", "xmlns", NS)
                    .leaf("SALE_ID", posted[0])
                    .leaf("STATUS", posted[1] == 1 ? "POSTED" : "ALREADY_POSTED")
                    .close().close().close().toString();
            return LegacyResponse.ok(xml);
        } catch (OrderEntry.SoapFault f) {
            return fault(f.client ? "soap:Client" : "soap:Server", f.code, f.getMessage());
        } catch (RuntimeException e) {
            return fault("soap:Server", "INTERNAL_ERROR", "RetailCore sales posting failed: " + e);
        }
    }

    static LegacyResponse fault(String faultCode, String code, String message) {
        String xml = new LegacyXml()
                .open("soap:Envelope", "xmlns:soap", OrderEntry.SOAP_NS)
                .open("soap:Body")
                .open("soap:Fault")
                .leaf("faultcode", faultCode)
                .leaf("faultstring", message)
                .open("detail")
                .open("POS_POSTING_FAULT", "xmlns", NS)
                .leaf("CODE", code)
                .leaf("MESSAGE", message)
                .close().close().close().close().close().toString();
        return new LegacyResponse(500, xml);
    }

    private static void checkSoapAction(String header) {
        String action = header == null ? "" : header.strip();
        if (action.length() >= 2 && action.startsWith("\"") && action.endsWith("\"")) {
            action = action.substring(1, action.length() - 1);
        }
        if (!action.equals(SOAP_ACTION)) {
            throw invalid("SOAPAction " + (header == null ? "is missing" : header + " is not served")
                    + "; expected \"" + SOAP_ACTION + "\"");
        }
    }

    // ---------------------------------------------------------------- parsing

    private static Sale parse(byte[] body) {
        Element postSale = OrderEntry.soapPayload(body, NS, "PostSale");
        Map<String, Element> fields = new LinkedHashMap<>();
        for (Element child : OrderEntry.children(postSale)) {
            String name = child.getLocalName();
            if (!HEADER.contains(name)) {
                throw invalid("Unknown element " + name + " in PostSale");
            }
            if (fields.put(name, child) != null) {
                throw invalid("Element " + name + " appears more than once in PostSale");
            }
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (String name : HEADER) {
            if (!fields.containsKey(name)) {
                throw invalid(name + " is required");
            }
            if (!name.equals("LINES")) {
                String value = text(fields.get(name));
                if (value == null && !OPTIONAL.contains(name)) {
                    throw invalid(name + " must not be empty");
                }
                if (value != null && WIDTHS.containsKey(name) && value.length() > WIDTHS.get(name)) {
                    throw invalid(name + " is longer than " + WIDTHS.get(name) + " characters");
                }
                text.put(name, value);
            }
        }
        if (!Set.of("SALE", "RETURN").contains(text.get("TXN_TYPE"))) {
            throw invalid("TXN_TYPE must be SALE or RETURN: " + text.get("TXN_TYPE"));
        }
        if (!text.get("CURRENCY_CODE").matches("[A-Z]{3}")) {
            throw invalid("CURRENCY_CODE must be an ISO 4217 code: " + text.get("CURRENCY_CODE"));
        }
        if (!Set.of("Y", "N").contains(text.get("BALANCED_FLAG"))) {
            throw invalid("BALANCED_FLAG must be Y or N: " + text.get("BALANCED_FLAG"));
        }
        LocalDate day;
        try {
            day = LegacyFormats.parseYyyyMmDd(text.get("BUSINESS_DATE"));
        } catch (IllegalArgumentException e) {
            throw invalid("BUSINESS_DATE must be a yyyyMMdd date: " + text.get("BUSINESS_DATE"));
        }
        Map<String, BigDecimal> money = new LinkedHashMap<>();
        for (String name : List.of("GROSS_AMT", "DISCOUNT_AMT", "TAX_AMT", "TOTAL_AMT", "TENDERED_AMT",
                "CHANGE_AMT")) {
            money.put(name, text.get(name) == null ? null : amount(text.get(name), name));
        }
        return new Sale(text, day, money, lines(fields.get("LINES")));
    }

    private static List<Line> lines(Element linesElement) {
        List<Line> lines = new ArrayList<>();
        Set<Integer> numbers = new java.util.HashSet<>();
        for (Element line : OrderEntry.children(linesElement)) {
            if (!"LINE".equals(line.getLocalName())) {
                throw invalid("Unknown element " + line.getLocalName() + " in LINES");
            }
            Map<String, String> f = new LinkedHashMap<>();
            for (Element child : OrderEntry.children(line)) {
                String name = child.getLocalName();
                if (!LINE_FIELDS.contains(name)) {
                    throw invalid("Unknown element " + name + " in LINE");
                }
                if (f.containsKey(name)) {
                    throw invalid("Element " + name + " appears more than once in a LINE");
                }
                String value = text(child);
                if (value != null && WIDTHS.containsKey(name) && value.length() > WIDTHS.get(name)) {
                    throw invalid("LINE " + name + " is longer than " + WIDTHS.get(name) + " characters");
                }
                f.put(name, value);
            }
            String no = f.get("LINE_NO");
            if (no == null || !no.matches("[0-9]{1,6}") || !numbers.add(Integer.parseInt(no))) {
                throw invalid("LINE " + (lines.size() + 1) + ": LINE_NO must be a unique whole number: " + no);
            }
            if (!Set.of("S", "R").contains(String.valueOf(f.get("LINE_TYPE")))) {
                throw invalid("LINE " + no + ": LINE_TYPE must be S or R: " + f.get("LINE_TYPE"));
            }
            if (f.get("AMOUNT") == null) {
                throw invalid("LINE " + no + ": AMOUNT is required");
            }
            lines.add(new Line(Integer.parseInt(no), f.get("LINE_TYPE"), f.get("ITEM_ID"), f.get("DESCRIPTION"),
                    amount(f.get("AMOUNT"), "AMOUNT")));
        }
        if (lines.size() > MAX_LINES) {
            throw invalid("LINES may hold at most " + MAX_LINES + " LINE elements");
        }
        return lines;
    }

    private static BigDecimal amount(String text, String name) {
        try {
            return LegacyFormats.parseImpliedDecimal(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name + " must be an implied decimal (1 to 9 digits, 2 implied decimals): " + text);
        }
    }

    private static String text(Element e) {
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static OrderEntry.SoapFault invalid(String message) {
        return OrderEntry.SoapFault.client("INVALID_REQUEST", message);
    }

    // ---------------------------------------------------------------- database

    /** @return {sale id, 1 when posted now or 0 when it was posted before} */
    private long[] insert(Sale sale) {
        try (Connection c = dataSource.getConnection()) {
            createTables(c);
            c.setAutoCommit(false);
            try {
                long[] result = insert(c, sale);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OrderEntry.SoapFault(false, "DATABASE_ERROR", "RetailCore database failure (SQLState "
                    + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private void createTables(Connection c) throws SQLException {
        if (tablesReady) {
            return;
        }
        synchronized (this) {
            if (!tablesReady) {
                try (Statement st = c.createStatement()) {
                    st.execute(DDL);
                }
                tablesReady = true;
            }
        }
    }

    private static long[] insert(Connection c, Sale sale) throws SQLException {
        Map<String, String> t = sale.text();
        Map<String, BigDecimal> m = sale.money();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO retailcore_mimic.pos_sale (txn_key, store_id, register_id, txn_seq, business_date,
                    txn_type, currency_code, gross_amt, discount_amt, tax_amt, total_amt, tendered_amt, change_amt,
                    balanced_flag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (txn_key) DO NOTHING
                RETURNING sale_id""")) {
            int i = 1;
            ps.setString(i++, t.get("TXN_KEY"));
            ps.setString(i++, t.get("STORE_ID"));
            ps.setString(i++, t.get("REGISTER_ID"));
            ps.setString(i++, t.get("TXN_SEQ"));
            ps.setObject(i++, sale.businessDate());
            ps.setString(i++, t.get("TXN_TYPE"));
            ps.setString(i++, t.get("CURRENCY_CODE"));
            for (String name : List.of("GROSS_AMT", "DISCOUNT_AMT", "TAX_AMT", "TOTAL_AMT", "TENDERED_AMT",
                    "CHANGE_AMT")) {
                ps.setBigDecimal(i++, m.get(name));
            }
            ps.setString(i, t.get("BALANCED_FLAG"));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new long[] {existing(c, t.get("TXN_KEY")), 0};
                }
                long id = rs.getLong(1);
                insertLines(c, id, sale.lines());
                return new long[] {id, 1};
            }
        }
    }

    private static long existing(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT sale_id FROM retailcore_mimic.pos_sale WHERE txn_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("sale " + key + " is neither new nor posted before", "40001");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void insertLines(Connection c, long saleId, List<Line> lines) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO retailcore_mimic.pos_sale_line (sale_id, line_no, line_type, item_id, description, amount)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (Line line : lines) {
                ps.setLong(1, saleId);
                ps.setInt(2, line.lineNo());
                ps.setString(3, line.type());
                ps.setString(4, line.itemId());
                ps.setString(5, line.description());
                ps.setBigDecimal(6, line.amount());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

package dev.ficus.playground.mimic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The RetailCore mimic against a real, freshly seeded Northwind database over real HTTP.
 *
 * <p>Two databases: {@code reader} serves the read-only lookups (so totals stay those of Northwind), {@code writer}
 * takes the SOAP orders and an extra product with NULL columns. Every answer that has a sample file under
 * {@code adapters/retailcore/samples/} must equal it byte for byte, so the samples the mapping tests use are what
 * the mimic really says. Run with {@code -Dretailcore.samples.update=true} to rewrite those files from the mimic.
 */
class RetailCoreMimicIT {

    private static final Path SAMPLES = Path.of("adapters", "retailcore", "samples");
    private static final Path ROOT = Path.of("adapters", "retailcore", "mimic");
    private static final boolean UPDATE = Boolean.getBoolean("retailcore.samples.update");

    private static TestPostgres.Database readerDb;
    private static TestPostgres.Database writerDb;
    private static RetailCoreMimic reader;
    private static RetailCoreMimic writer;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        readerDb = TestPostgres.newNorthwindDatabase("mimic_it");
        writerDb = TestPostgres.newNorthwindDatabase("mimic_it_w");
        reader = new RetailCoreMimic(readerDb.dataSource(), 0, "USD", ROOT);
        reader.start();
        writer = new RetailCoreMimic(writerDb.dataSource(), 0, "USD", ROOT);
        writer.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.stop();
        }
        if (writer != null) {
            writer.stop();
        }
    }

    // ------------------------------------------------------------------ products

    @Test
    void productQuesoCabralesMatchesTheNorthwindRow() throws Exception {
        HttpResponse<String> r = get(reader, "/products/11");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml; charset=UTF-8");
        assertSample("product-11.xml", r.body());
        Element p = xml(r.body());
        assertThat(p.getTagName()).isEqualTo("PRODUCT");
        assertThat(childNames(p)).containsExactly("PRODUCT_ID", "PRODUCT_NAME", "SUPPLIER_ID", "CATEGORY_ID",
                "CATEGORY_NAME", "QTY_PER_UNIT", "UNIT_PRICE", "CURRENCY_CODE", "UNITS_IN_STOCK", "UNITS_ON_ORDER",
                "REORDER_LEVEL", "DISCONTINUED_FLAG");
        assertThat(text(p, "PRODUCT_NAME")).isEqualTo("Queso Cabrales");
        assertThat(text(p, "UNIT_PRICE")).isEqualTo("2100");
        assertThat(text(p, "UNITS_IN_STOCK")).isEqualTo("22");
        assertThat(text(p, "CATEGORY_NAME")).isEqualTo("Dairy Products");
        assertThat(text(p, "CURRENCY_CODE")).isEqualTo("USD");
        assertThat(text(p, "DISCONTINUED_FLAG")).isEqualTo("N");
        try (Connection c = readerDb.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT product_name, supplier_id, category_id, quantity_per_unit, "
                     + "round(unit_price::numeric, 2), units_in_stock, units_on_order, reorder_level "
                     + "FROM products WHERE product_id = 11")) {
            rs.next();
            assertThat(text(p, "PRODUCT_NAME")).isEqualTo(rs.getString(1));
            assertThat(text(p, "SUPPLIER_ID")).isEqualTo(rs.getString(2));
            assertThat(text(p, "CATEGORY_ID")).isEqualTo(rs.getString(3));
            assertThat(text(p, "QTY_PER_UNIT")).isEqualTo(rs.getString(4));
            assertThat(text(p, "UNIT_PRICE")).isEqualTo(rs.getBigDecimal(5).unscaledValue().toString());
            assertThat(text(p, "UNITS_ON_ORDER")).isEqualTo(rs.getString(7));
            assertThat(text(p, "REORDER_LEVEL")).isEqualTo(rs.getString(8));
        }
    }

    @Test
    void discontinuedProductAndNonAsciiNames() throws Exception {
        HttpResponse<String> r = get(reader, "/products/5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("product-5-discontinued.xml", r.body());
        assertThat(text(xml(r.body()), "DISCONTINUED_FLAG")).isEqualTo("Y");
        assertThat(text(xml(r.body()), "UNIT_PRICE")).isEqualTo("2135");

        Element gumbar = xml(get(reader, "/products/26").body());
        assertThat(text(gumbar, "PRODUCT_NAME")).isEqualTo("Gumbär Gummibärchen");
        Element cote = xml(get(reader, "/products/38").body());
        assertThat(text(cote, "UNIT_PRICE")).isEqualTo("26350");
    }

    @Test
    void unknownProductIs404AndNonNumericIdIs400() throws Exception {
        HttpResponse<String> missing = get(reader, "/products/999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/xml; charset=UTF-8");
        assertSample("error-404-product.xml", missing.body());
        assertThat(text(xml(missing.body()), "CODE")).isEqualTo("NOT_FOUND");

        HttpResponse<String> bad = get(reader, "/products/abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertSample("error-400-product-id.xml", bad.body());
        assertThat(text(xml(bad.body()), "CODE")).isEqualTo("BAD_REQUEST");

        assertThat(get(reader, "/products/-1").statusCode()).isEqualTo(400);
        assertThat(get(reader, "/products/12345678901").statusCode()).isEqualTo(404);
        assertThat(get(reader, "/stock/999").statusCode()).isEqualTo(404);
        assertThat(get(reader, "/stock/x").statusCode()).isEqualTo(400);
        assertThat(get(reader, "/orders/1").statusCode()).isEqualTo(404);
        assertThat(get(reader, "/orders/x1").statusCode()).isEqualTo(400);
        // an encoded slash is part of the id, not a segment boundary: 7%2Fabc is not product 7
        assertThat(get(reader, "/products/7%2Fabc").statusCode()).isEqualTo(400);
        assertThat(get(reader, "/stock/7%2F1").statusCode()).isEqualTo(400);
    }

    @Test
    void productWithNullColumnsHasEmptyElements() throws Exception {
        try (Connection c = writerDb.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO products (product_id, product_name, discontinued) "
                    + "VALUES (78, 'Ficus Sample Without Details', 0)");
        }
        HttpResponse<String> r = get(writer, "/products/78");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("product-78-nulls.xml", r.body());
        Element p = xml(r.body());
        for (String empty : List.of("SUPPLIER_ID", "CATEGORY_ID", "CATEGORY_NAME", "QTY_PER_UNIT", "UNIT_PRICE",
                "UNITS_IN_STOCK", "UNITS_ON_ORDER", "REORDER_LEVEL")) {
            assertThat(text(p, empty)).as(empty).isEmpty();
        }
        assertThat(text(p, "CURRENCY_CODE")).isEqualTo("USD");
        assertThat(text(xml(get(writer, "/stock/78").body()), "REORDER_FLAG")).isEqualTo("Y");
    }

    @Test
    void productListPagesAndFilters() throws Exception {
        Element all = xml(get(reader, "/products").body());
        assertThat(all.getTagName()).isEqualTo("PRODUCT_LIST");
        assertThat(text(all, "TOTAL_COUNT")).isEqualTo("77");
        assertThat(productIds(all)).hasSize(20).startsWith(1, 2, 3).endsWith(20);

        HttpResponse<String> dairy = get(reader, "/products?category=4&count=3");
        assertThat(dairy.statusCode()).isEqualTo(200);
        assertSample("product-list-category-4.xml", dairy.body());
        Element d = xml(dairy.body());
        assertThat(text(d, "TOTAL_COUNT")).isEqualTo("10");
        assertThat(productIds(d)).containsExactly(11, 12, 31);

        Element page2 = xml(get(reader, "/products?category=4&start=3&count=3").body());
        assertThat(productIds(page2)).containsExactly(32, 33, 59);
        Element tail = xml(get(reader, "/products?start=75").body());
        assertThat(text(tail, "TOTAL_COUNT")).isEqualTo("77");
        assertThat(productIds(tail)).containsExactly(76, 77);
        Element beyond = xml(get(reader, "/products?start=500").body());
        assertThat(text(beyond, "TOTAL_COUNT")).isEqualTo("77");
        assertThat(productIds(beyond)).isEmpty();
        assertThat(productIds(xml(get(reader, "/products?count=100").body()))).hasSize(77);

        Element discontinued = xml(get(reader, "/products?discontinued=Y&count=100").body());
        assertThat(text(discontinued, "TOTAL_COUNT")).isEqualTo(String.valueOf(
                count(readerDb, "SELECT count(*) FROM products WHERE discontinued = 1")));
        assertThat(productIds(discontinued)).contains(5, 17, 29).hasSize(10);
        Element current = xml(get(reader, "/products?discontinued=N").body());
        assertThat(text(current, "TOTAL_COUNT")).isEqualTo("67");

        Element chef = xml(get(reader, "/products?name=CHEF%20anton").body());
        assertThat(text(chef, "TOTAL_COUNT")).isEqualTo("2");
        assertThat(productIds(chef)).containsExactly(4, 5);
        Element chefCurrent = xml(get(reader, "/products?name=chef&discontinued=N&category=2").body());
        assertThat(productIds(chefCurrent)).containsExactly(4);
        HttpResponse<String> none = get(reader, "/products?name=%25");
        assertSample("product-list-empty.xml", none.body());
        assertThat(text(xml(none.body()), "TOTAL_COUNT")).isEqualTo("0");

        for (String bad : List.of("count=0", "count=101", "start=-1", "discontinued=X", "category=dairy",
                "count=abc")) {
            HttpResponse<String> r = get(reader, "/products?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(text(xml(r.body()), "CODE")).isEqualTo("BAD_REQUEST");
        }
    }

    // ------------------------------------------------------------------ stock

    @Test
    void stockAndReorderFlag() throws Exception {
        HttpResponse<String> r = get(reader, "/stock/11");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("stock-11.xml", r.body());
        Element s = xml(r.body());
        assertThat(childNames(s)).containsExactly("PRODUCT_ID", "UNITS_IN_STOCK", "UNITS_ON_ORDER", "REORDER_LEVEL",
                "REORDER_FLAG");
        assertThat(text(s, "UNITS_IN_STOCK")).isEqualTo("22");
        assertThat(text(s, "REORDER_FLAG")).isEqualTo("N");

        HttpResponse<String> lager = get(reader, "/stock/70");
        assertSample("stock-70-reorder.xml", lager.body());
        assertThat(text(xml(lager.body()), "REORDER_FLAG")).isEqualTo("Y");
        // 0 + 0 <= 0 but discontinued: never reordered
        assertThat(text(xml(get(reader, "/stock/5").body()), "REORDER_FLAG")).isEqualTo("N");
    }

    // ------------------------------------------------------------------ customers

    @Test
    void customerAlfki() throws Exception {
        HttpResponse<String> r = get(reader, "/customers/ALFKI");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("customer-ALFKI.xml", r.body());
        Element c = xml(r.body());
        assertThat(childNames(c)).containsExactly("CUSTOMER_ID", "COMPANY_NAME", "CONTACT_NAME", "CONTACT_TITLE",
                "ADDRESS", "CITY", "REGION", "POSTAL_CODE", "COUNTRY", "PHONE", "FAX");
        assertThat(text(c, "COMPANY_NAME")).isEqualTo("Alfreds Futterkiste");
        assertThat(text(c, "CITY")).isEqualTo("Berlin");
        assertThat(text(c, "REGION")).isEmpty();

        HttpResponse<String> missing = get(reader, "/customers/ZZZZZ");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertSample("error-404-customer.xml", missing.body());
        assertThat(get(reader, "/customers/TOOLONG").statusCode()).isEqualTo(400);
        assertThat(get(reader, "/customers/ZZZZZ/orders").statusCode()).isEqualTo(404);
        assertThat(get(reader, "/customers/ALFKI%2Forders").statusCode()).isEqualTo(400);
    }

    @Test
    void customerOrdersNewestFirst() throws Exception {
        HttpResponse<String> r = get(reader, "/customers/ALFKI/orders");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("customer-orders-ALFKI.xml", r.body());
        Element list = xml(r.body());
        assertThat(list.getTagName()).isEqualTo("ORDER_LIST");
        assertThat(text(list, "TOTAL_COUNT")).isEqualTo("6");
        List<Element> orders = children(list, "ORDER");
        assertThat(orders).extracting(o -> text(o, "ORDER_ID"))
                .containsExactly("11011", "10952", "10835", "10702", "10692", "10643");
        assertThat(orders.get(0).getElementsByTagName("LINES").getLength()).isZero();

        HttpResponse<String> none = get(reader, "/customers/FISSA/orders");
        assertThat(none.statusCode()).isEqualTo(200);
        assertSample("customer-orders-FISSA-empty.xml", none.body());
        assertThat(text(xml(none.body()), "TOTAL_COUNT")).isEqualTo("0");
    }

    // ------------------------------------------------------------------ orders

    @Test
    void order10248WithItsThreeLines() throws Exception {
        HttpResponse<String> r = get(reader, "/orders/10248");
        assertThat(r.statusCode()).isEqualTo(200);
        assertSample("order-10248.xml", r.body());
        Element o = xml(r.body());
        assertThat(childNames(o)).containsExactly("ORDER_ID", "CUSTOMER_ID", "EMPLOYEE_ID", "ORDER_DATE",
                "REQUIRED_DATE", "SHIPPED_DATE", "SHIP_VIA", "FREIGHT", "CURRENCY_CODE", "SHIP_NAME", "SHIP_ADDRESS",
                "SHIP_CITY", "SHIP_REGION", "SHIP_POSTAL_CODE", "SHIP_COUNTRY", "LINES");
        assertThat(text(o, "CUSTOMER_ID")).isEqualTo("VINET");
        assertThat(text(o, "ORDER_DATE")).isEqualTo("19960704");
        assertThat(text(o, "SHIPPED_DATE")).isEqualTo("19960716");
        assertThat(text(o, "FREIGHT")).isEqualTo("3238");
        assertThat(text(o, "SHIP_REGION")).isEmpty();
        List<Element> lines = children(child(o, "LINES"), "LINE");
        assertThat(lines).extracting(l -> text(l, "PRODUCT_ID")).containsExactly("11", "42", "72");
        assertThat(lines).extracting(l -> text(l, "UNIT_PRICE")).containsExactly("1400", "980", "3480");
        assertThat(lines).extracting(l -> text(l, "QUANTITY")).containsExactly("12", "10", "5");
        assertThat(lines).extracting(l -> text(l, "DISCOUNT_PCT")).containsExactly("0", "0", "0");

        HttpResponse<String> discounted = get(reader, "/orders/10250");
        assertSample("order-10250-discount.xml", discounted.body());
        assertThat(children(child(xml(discounted.body()), "LINES"), "LINE"))
                .extracting(l -> text(l, "DISCOUNT_PCT")).containsExactly("0", "1500", "1500");

        HttpResponse<String> unshipped = get(reader, "/orders/11077");
        assertSample("order-11077-unshipped.xml", unshipped.body());
        assertThat(text(xml(unshipped.body()), "SHIPPED_DATE")).isEmpty();
    }

    // ------------------------------------------------------------------ routing

    @Test
    void wrongMethodIs405AndUnknownPathIs404() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(reader.baseUrl() + "/products/11"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(text(xml(post.body()), "CODE")).isEqualTo("METHOD_NOT_ALLOWED");

        HttpResponse<String> soapGet = get(reader, "/soap/OrderEntry");
        assertThat(soapGet.statusCode()).isEqualTo(405);
        assertThat(soapGet.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> nowhere = get(reader, "/warehouses/1");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(text(xml(nowhere.body()), "CODE")).isEqualTo("NOT_FOUND");
        assertThat(get(reader, "/products/11/extra").statusCode()).isEqualTo(404);

        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + reader.port() + "/__admin/mappings")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------ SOAP order entry

    @Test
    void createOrderInsertsRealRows() throws Exception {
        String request = Files.readString(SAMPLES.resolve("soap-create-order-request.xml"));
        long ordersBefore = count(writerDb, "SELECT count(*) FROM orders");
        int expectedId = (int) count(writerDb, "SELECT max(order_id) + 1 FROM orders");

        HttpResponse<String> r = soap(writer, request, "\"urn:retailcore:OrderEntry#CreateOrder\"");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertSample("soap-create-order-response.xml", r.body().replaceFirst("<ORDER_ID>\\d+</ORDER_ID>",
                "<ORDER_ID>11078</ORDER_ID>"));
        Document doc = parse(r.body());
        Element response = (Element) doc.getElementsByTagNameNS(OrderEntry.NS, "CreateOrderResponse").item(0);
        int orderId = Integer.parseInt(text(response, "ORDER_ID"));
        assertThat(orderId).isEqualTo(expectedId);
        assertThat(count(writerDb, "SELECT count(*) FROM orders")).isEqualTo(ordersBefore + 1);

        try (Connection c = writerDb.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT customer_id, employee_id, order_date, required_date, "
                     + "shipped_date, ship_via, round(freight::numeric, 2), ship_name, ship_city, ship_country "
                     + "FROM orders WHERE order_id = ?")) {
            ps.setInt(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ALFKI");
                assertThat(rs.getInt(2)).isEqualTo(4);
                assertThat(rs.getObject(3, LocalDate.class)).isEqualTo(dbToday());
                assertThat(rs.getObject(4, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 15));
                assertThat(rs.getObject(5)).isNull();
                assertThat(rs.getInt(6)).isEqualTo(2);
                assertThat(rs.getBigDecimal(7)).isEqualByComparingTo("12.50");
                assertThat(rs.getString(8)).isEqualTo("Alfreds Futterkiste (Lager)");
                assertThat(rs.getString(9)).isEqualTo("Berlin");
                assertThat(rs.getString(10)).isEqualTo("Germany");
            }
        }
        try (Connection c = writerDb.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT product_id, round(unit_price::numeric, 2), quantity, "
                     + "round(discount::numeric, 4) FROM order_details WHERE order_id = ? ORDER BY product_id")) {
            ps.setInt(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(11);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("21.00");
                assertThat(rs.getInt(3)).isEqualTo(6);
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("0");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(38);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("250.00");
                assertThat(rs.getInt(3)).isEqualTo(2);
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("0.05");
                assertThat(rs.next()).isFalse();
            }
        }

        Element readBack = xml(get(writer, "/orders/" + orderId).body());
        assertThat(text(readBack, "ORDER_DATE")).isEqualTo(LegacyFormats.toYyyyMmDd(dbToday()));
        assertThat(text(readBack, "FREIGHT")).isEqualTo("1250");
        assertThat(children(child(readBack, "LINES"), "LINE"))
                .extracting(l -> text(l, "UNIT_PRICE") + "/" + text(l, "DISCOUNT_PCT"))
                .containsExactly("2100/0", "25000/500");
    }

    @Test
    void unknownCustomerIsAClientFaultAndInsertsNothing() throws Exception {
        long before = count(writerDb, "SELECT count(*) FROM orders");
        String request = Files.readString(SAMPLES.resolve("soap-create-order-request.xml"))
                .replace("<CUSTOMER_ID>ALFKI</CUSTOMER_ID>", "<CUSTOMER_ID>ZZZZZ</CUSTOMER_ID>");

        HttpResponse<String> r = soap(writer, request, "\"urn:retailcore:OrderEntry#CreateOrder\"");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
        assertSample("soap-fault-unknown-customer.xml", r.body());
        assertFault(r, "soap:Client", "UNKNOWN_CUSTOMER");
        assertThat(count(writerDb, "SELECT count(*) FROM orders")).isEqualTo(before);
    }

    @Test
    void invalidOrdersAreClientFaults() throws Exception {
        String good = Files.readString(SAMPLES.resolve("soap-create-order-request.xml"));
        String action = "\"urn:retailcore:OrderEntry#CreateOrder\"";
        long before = count(writerDb, "SELECT count(*) FROM orders");

        assertFault(soap(writer, good.replace("<PRODUCT_ID>38</PRODUCT_ID>", "<PRODUCT_ID>999</PRODUCT_ID>"),
                action), "soap:Client", "UNKNOWN_PRODUCT");
        assertFault(soap(writer, good.replace("<PRODUCT_ID>38</PRODUCT_ID>", "<PRODUCT_ID>5</PRODUCT_ID>"),
                action), "soap:Client", "DISCONTINUED_PRODUCT");
        assertFault(soap(writer, good.replace("<PRODUCT_ID>38</PRODUCT_ID>", "<PRODUCT_ID>11</PRODUCT_ID>"),
                action), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good.replace("<EMPLOYEE_ID>4</EMPLOYEE_ID>", "<EMPLOYEE_ID>99</EMPLOYEE_ID>"),
                action), "soap:Client", "UNKNOWN_EMPLOYEE");
        assertFault(soap(writer, good.replace("<SHIP_VIA>2</SHIP_VIA>", "<SHIP_VIA>99</SHIP_VIA>"), action),
                "soap:Client", "UNKNOWN_SHIPPER");
        assertFault(soap(writer, good.replace("<FREIGHT>1250</FREIGHT>", "<FREIGHT>12.50</FREIGHT>"), action),
                "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good.replace("20240215", "20240231"), action), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good.replace("<QUANTITY>6</QUANTITY>", "<QUANTITY>0</QUANTITY>"), action),
                "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good.replace("<DISCOUNT_PCT>500</DISCOUNT_PCT>",
                "<DISCOUNT_PCT>10001</DISCOUNT_PCT>"), action), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good, null), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good, "\"urn:retailcore:OrderEntry#CancelOrder\""), "soap:Client",
                "INVALID_REQUEST");
        assertFault(soap(writer, "<not-closed>", action), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<x>&e;</x>", action), "soap:Client", "INVALID_REQUEST");
        assertFault(soap(writer, good.replace("urn:retailcore:orderentry", "urn:other"), action), "soap:Client",
                "INVALID_REQUEST");
        assertThat(count(writerDb, "SELECT count(*) FROM orders")).isEqualTo(before);
    }

    @Test
    void concurrentOrdersGetDistinctConsecutiveIds() throws Exception {
        String request = Files.readString(SAMPLES.resolve("soap-create-order-request.xml"));
        int calls = 8;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                tasks.add(() -> soap(writer, request, "urn:retailcore:OrderEntry#CreateOrder"));
            }
            Set<Integer> ids = new HashSet<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Element response = (Element) parse(r.body())
                        .getElementsByTagNameNS(OrderEntry.NS, "CreateOrderResponse").item(0);
                ids.add(Integer.parseInt(text(response, "ORDER_ID")));
            }
            assertThat(ids).hasSize(calls);
            int max = ids.stream().max(Integer::compare).orElseThrow();
            assertThat(ids.stream().min(Integer::compare).orElseThrow()).isEqualTo(max - calls + 1);
            for (int id : ids) {
                assertThat(count(writerDb, "SELECT count(*) FROM order_details WHERE order_id = " + id))
                        .isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void databaseFailuresAre500AndServerFaults() throws Exception {
        RetailCoreMimic broken = new RetailCoreMimic(new FailingDataSource(), 0, "EUR", ROOT);
        broken.start();
        try {
            HttpResponse<String> lookup = get(broken, "/products/11");
            assertThat(lookup.statusCode()).isEqualTo(500);
            assertThat(text(xml(lookup.body()), "CODE")).isEqualTo("DATABASE_ERROR");

            String request = Files.readString(SAMPLES.resolve("soap-create-order-request.xml"));
            HttpResponse<String> r = soap(broken, request, "\"urn:retailcore:OrderEntry#CreateOrder\"");
            assertFault(r, "soap:Server", "DATABASE_ERROR");
        } finally {
            broken.stop();
        }
    }

    @Test
    void currencyComesFromConfiguration() throws Exception {
        RetailCoreMimic euro = new RetailCoreMimic(readerDb.dataSource(), 0, "EUR", ROOT);
        euro.start();
        try {
            assertThat(text(xml(get(euro, "/products/11").body()), "CURRENCY_CODE")).isEqualTo("EUR");
            assertThat(text(xml(get(euro, "/orders/10248").body()), "CURRENCY_CODE")).isEqualTo("EUR");
        } finally {
            euro.stop();
        }
        assertThatThrownBy(() -> new RetailCoreMimic(readerDb.dataSource(), 0, "usd", ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portInUseNamesThePortAndCarriesABindException() {
        int taken = reader.port();
        RetailCoreMimic second = new RetailCoreMimic(readerDb.dataSource(), taken, "USD", ROOT);
        try {
            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RetailCore mimic port " + taken + " is already in use")
                    .hasCauseInstanceOf(BindException.class)
                    .cause().hasMessageContaining(String.valueOf(taken));
        } finally {
            second.stop();
        }
    }

    @Test
    void missingMappingsFailClearly() {
        RetailCoreMimic lost = new RetailCoreMimic(readerDb.dataSource(), 0, "USD", Path.of("no", "such", "dir"));
        assertThatThrownBy(lost::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mappings");
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<String> get(RetailCoreMimic mimic, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(mimic.baseUrl() + path)).GET()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> soap(RetailCoreMimic mimic, String body, String action) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mimic.baseUrl() + "/soap/OrderEntry"))
                .header("Content-Type", "text/xml; charset=utf-8")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (action != null) {
            b.header("SOAPAction", action);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertFault(HttpResponse<String> r, String faultCode, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        Document doc = parse(r.body());
        Element fault = (Element) doc.getElementsByTagNameNS(OrderEntry.SOAP_NS, "Fault").item(0);
        assertThat(fault).as(r.body()).isNotNull();
        assertThat(text(fault, "faultcode")).isEqualTo(faultCode);
        assertThat(text(fault, "faultstring")).isNotBlank();
        Element detail = (Element) doc.getElementsByTagNameNS(OrderEntry.NS, "ORDER_ENTRY_FAULT").item(0);
        assertThat(text(detail, "CODE")).as(r.body()).isEqualTo(code);
    }

    private static void assertSample(String name, String body) throws Exception {
        Path file = SAMPLES.resolve(name);
        if (UPDATE) {
            Files.writeString(file, body, StandardCharsets.UTF_8);
        }
        assertThat(file).as("sample " + file + " (run with -Dretailcore.samples.update=true to create)").exists();
        assertThat(body).as("mimic answer vs sample " + file).isEqualTo(Files.readString(file));
    }

    private static Document parse(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element xml(String body) throws Exception {
        return parse(body).getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(e.getLocalName()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> childNames(Element parent) {
        return children(parent, null).stream().map(Element::getLocalName).toList();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("child " + name + " of " + parent.getLocalName()).hasSize(1);
        return found.get(0);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    private static List<Integer> productIds(Element list) {
        return children(list, "PRODUCT").stream().map(p -> Integer.parseInt(text(p, "PRODUCT_ID"))).toList();
    }

    private static long count(TestPostgres.Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static LocalDate dbToday() throws SQLException {
        try (Connection c = writerDb.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CURRENT_DATE")) {
            rs.next();
            return rs.getObject(1, LocalDate.class);
        }
    }

    /** A database that is down: every connection attempt fails. */
    private static final class FailingDataSource implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Connection refused (test)", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}

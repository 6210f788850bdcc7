package dev.ficus.adapters.retailcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XsltExecutable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The XSLT 3.0 mappings under {@code adapters/retailcore/mappings/} run with Saxon's s9api directly (no Camel, no
 * Spring) on the legacy payloads under {@code adapters/retailcore/samples/}, which {@code RetailCoreMimicIT} keeps
 * equal to what the mimic answers for Northwind rows.
 */
class RetailCoreMappingsTest {

    private static final Path MAPPINGS = Path.of("adapters", "retailcore", "mappings");
    private static final Path SAMPLES = Path.of("adapters", "retailcore", "samples");
    private static final Processor SAXON = new Processor(false);
    private static final Map<String, XsltExecutable> COMPILED = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------------ products

    @Test
    void queso11IsTheCanonicalProduct() throws Exception {
        String json = transform("product-to-json.xsl", sample("product-11.xml"));

        assertThat(json).isEqualTo("{\"id\":11,\"name\":\"Queso Cabrales\",\"supplierId\":5,\"categoryId\":4,"
                + "\"categoryName\":\"Dairy Products\",\"quantityPerUnit\":\"1 kg pkg.\","
                + "\"unitPrice\":{\"amount\":\"21.00\",\"currency\":\"USD\"},\"unitsInStock\":22,"
                + "\"unitsOnOrder\":30,\"reorderLevel\":30,\"discontinued\":false}");
        JsonNode p = JSON.readTree(json);
        assertThat(p.get("id").isInt()).isTrue();
        assertThat(p.get("unitPrice").get("amount").isTextual()).isTrue();
        assertThat(p.get("unitPrice").get("amount").asText()).isEqualTo("21.00");
        assertThat(p.get("discontinued").isBoolean()).isTrue();
    }

    @Test
    void discontinuedProduct() throws Exception {
        JsonNode p = json("product-to-json.xsl", sample("product-5-discontinued.xml"));

        assertThat(p.get("id").asInt()).isEqualTo(5);
        assertThat(p.get("name").asText()).isEqualTo("Chef Anton's Gumbo Mix");
        assertThat(p.get("discontinued").asBoolean()).isTrue();
        assertThat(p.get("unitPrice").get("amount").asText()).isEqualTo("21.35");
        assertThat(p.get("unitsInStock").asInt()).isZero();
    }

    @Test
    void nullColumnsBecomeJsonNull() throws Exception {
        JsonNode p = json("product-to-json.xsl", sample("product-78-nulls.xml"));

        assertThat(fieldNames(p)).containsExactly("id", "name", "supplierId", "categoryId", "categoryName",
                "quantityPerUnit", "unitPrice", "unitsInStock", "unitsOnOrder", "reorderLevel", "discontinued");
        for (String key : List.of("supplierId", "categoryId", "categoryName", "quantityPerUnit", "unitPrice",
                "unitsInStock", "unitsOnOrder", "reorderLevel")) {
            assertThat(p.get(key).isNull()).as(key).isTrue();
        }
        assertThat(p.get("name").asText()).isEqualTo("Ficus Sample Without Details");
        assertThat(p.get("discontinued").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, 0.00", "5, 0.05", "99, 0.99", "2100, 21.00", "26350, 263.50", "000123, 1.23",
        "123456789012345678901, 1234567890123456789.01"})
    void impliedDecimalsAreExact(String implied, String amount) throws Exception {
        String xml = sample("product-11.xml").replace("<UNIT_PRICE>2100</UNIT_PRICE>",
                "<UNIT_PRICE>" + implied + "</UNIT_PRICE>");
        assertThat(json("product-to-json.xsl", xml).get("unitPrice").get("amount").asText()).isEqualTo(amount);
    }

    @Test
    void currencyComesFromTheDocument() throws Exception {
        String xml = sample("product-11.xml").replace("<CURRENCY_CODE>USD</CURRENCY_CODE>",
                "<CURRENCY_CODE>EUR</CURRENCY_CODE>");
        assertThat(json("product-to-json.xsl", xml).get("unitPrice").get("currency").asText()).isEqualTo("EUR");
    }

    @Test
    void productListKeepsOrderAndTotal() throws Exception {
        JsonNode list = json("product-list-to-json.xsl", sample("product-list-category-4.xml"));

        assertThat(fieldNames(list)).containsExactly("items", "totalCount");
        assertThat(list.get("totalCount").asInt()).isEqualTo(10);
        assertThat(list.get("items")).extracting(i -> i.get("id").asInt()).containsExactly(11, 12, 31);
        assertThat(list.get("items")).extracting(i -> i.get("unitPrice").get("amount").asText())
                .containsExactly("21.00", "38.00", "12.50");
        assertThat(list.get("items").get(0))
                .isEqualTo(json("product-to-json.xsl", sample("product-11.xml")));

        JsonNode empty = json("product-list-to-json.xsl", sample("product-list-empty.xml"));
        assertThat(empty.get("items").isArray()).isTrue();
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("totalCount").asInt()).isZero();
    }

    // ------------------------------------------------------------------ stock

    @Test
    void stock() throws Exception {
        JsonNode s = json("stock-to-json.xsl", sample("stock-11.xml"));
        assertThat(fieldNames(s)).containsExactly("productId", "unitsInStock", "unitsOnOrder", "reorderLevel",
                "reorderNeeded");
        assertThat(s.get("productId").asInt()).isEqualTo(11);
        assertThat(s.get("unitsInStock").asInt()).isEqualTo(22);
        assertThat(s.get("unitsOnOrder").asInt()).isEqualTo(30);
        assertThat(s.get("reorderLevel").asInt()).isEqualTo(30);
        assertThat(s.get("reorderNeeded").isBoolean()).isTrue();
        assertThat(s.get("reorderNeeded").asBoolean()).isFalse();

        assertThat(json("stock-to-json.xsl", sample("stock-70-reorder.xml")).get("reorderNeeded").asBoolean())
                .isTrue();
    }

    // ------------------------------------------------------------------ customers

    @Test
    void customerAlfki() throws Exception {
        JsonNode c = json("customer-to-json.xsl", sample("customer-ALFKI.xml"));

        assertThat(fieldNames(c)).containsExactly("id", "companyName", "contactName", "contactTitle", "address",
                "city", "region", "postalCode", "country", "phone", "fax");
        assertThat(c.get("id").isTextual()).isTrue();
        assertThat(c.get("id").asText()).isEqualTo("ALFKI");
        assertThat(c.get("companyName").asText()).isEqualTo("Alfreds Futterkiste");
        assertThat(c.get("postalCode").isTextual()).isTrue();
        assertThat(c.get("postalCode").asText()).isEqualTo("12209");
        assertThat(c.get("region").isNull()).isTrue();
        assertThat(c.get("fax").asText()).isEqualTo("030-0076545");
    }

    // ------------------------------------------------------------------ orders

    @Test
    void order10248WithLines() throws Exception {
        JsonNode o = json("order-to-json.xsl", sample("order-10248.xml"));

        assertThat(fieldNames(o)).containsExactly("id", "customerId", "employeeId", "orderDate", "requiredDate",
                "shippedDate", "shipVia", "freight", "shipName", "shipAddress", "shipCity", "shipRegion",
                "shipPostalCode", "shipCountry", "lines");
        assertThat(o.get("id").asInt()).isEqualTo(10248);
        assertThat(o.get("customerId").asText()).isEqualTo("VINET");
        assertThat(o.get("employeeId").asInt()).isEqualTo(5);
        assertThat(o.get("orderDate").asText()).isEqualTo("1996-07-04");
        assertThat(o.get("requiredDate").asText()).isEqualTo("1996-08-01");
        assertThat(o.get("shippedDate").asText()).isEqualTo("1996-07-16");
        assertThat(o.get("freight").get("amount").asText()).isEqualTo("32.38");
        assertThat(o.get("freight").get("currency").asText()).isEqualTo("USD");
        assertThat(o.get("shipRegion").isNull()).isTrue();
        JsonNode lines = o.get("lines");
        assertThat(lines).hasSize(3);
        assertThat(fieldNames(lines.get(0))).containsExactly("productId", "unitPrice", "quantity", "discountPercent");
        assertThat(lines).extracting(l -> l.get("productId").asInt()).containsExactly(11, 42, 72);
        assertThat(lines).extracting(l -> l.get("unitPrice").get("amount").asText())
                .containsExactly("14.00", "9.80", "34.80");
        assertThat(lines).extracting(l -> l.get("unitPrice").get("currency").asText())
                .containsOnly("USD");
        assertThat(lines).extracting(l -> l.get("quantity").asInt()).containsExactly(12, 10, 5);
        assertThat(lines).extracting(l -> l.get("discountPercent").asText()).containsOnly("0.00");
    }

    @Test
    void discountsAndUnshippedOrders() throws Exception {
        JsonNode discounted = json("order-to-json.xsl", sample("order-10250-discount.xml"));
        assertThat(discounted.get("lines")).extracting(l -> l.get("discountPercent").asText())
                .containsExactly("0.00", "15.00", "15.00");
        assertThat(discounted.get("shipAddress").asText()).isEqualTo("Rua do Paço, 67");

        JsonNode unshipped = json("order-to-json.xsl", sample("order-11077-unshipped.xml"));
        assertThat(unshipped.get("shippedDate").isNull()).isTrue();
        assertThat(unshipped.get("orderDate").asText()).isEqualTo("1998-05-06");
        assertThat(unshipped.get("lines").size()).isGreaterThan(20);
    }

    @Test
    void customerOrderListHasHeadersOnly() throws Exception {
        JsonNode list = json("order-list-to-json.xsl", sample("customer-orders-ALFKI.xml"));

        assertThat(fieldNames(list)).containsExactly("items", "totalCount");
        assertThat(list.get("totalCount").asInt()).isEqualTo(6);
        assertThat(list.get("items")).extracting(i -> i.get("id").asInt())
                .containsExactly(11011, 10952, 10835, 10702, 10692, 10643);
        JsonNode newest = list.get("items").get(0);
        assertThat(newest.has("lines")).isFalse();
        assertThat(newest.get("orderDate").asText()).isEqualTo("1998-04-09");
        assertThat(newest.get("freight").get("amount").asText()).isEqualTo("1.21");

        JsonNode empty = json("order-list-to-json.xsl", sample("customer-orders-FISSA-empty.xml"));
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("totalCount").asInt()).isZero();
    }

    // ------------------------------------------------------------------ broken input fails loudly

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<UNIT_PRICE>2100</UNIT_PRICE>|<UNIT_PRICE>21.00</UNIT_PRICE>|UNIT_PRICE",
        "<UNIT_PRICE>2100</UNIT_PRICE>|<UNIT_PRICE>-2100</UNIT_PRICE>|UNIT_PRICE",
        "<DISCONTINUED_FLAG>N</DISCONTINUED_FLAG>|<DISCONTINUED_FLAG>0</DISCONTINUED_FLAG>|DISCONTINUED_FLAG",
        "<UNITS_IN_STOCK>22</UNITS_IN_STOCK>|<UNITS_IN_STOCK>many</UNITS_IN_STOCK>|UNITS_IN_STOCK",
        "<CURRENCY_CODE>USD</CURRENCY_CODE>|<CURRENCY_CODE/>|CURRENCY_CODE"})
    void malformedLegacyValuesRaiseAnError(String from, String to, String element) throws Exception {
        String xml = sample("product-11.xml").replace(from, to);
        assertThatThrownBy(() -> transform("product-to-json.xsl", xml))
                .isInstanceOf(SaxonApiException.class)
                .hasMessageContaining(element);
    }

    @Test
    void impossibleDatesRaiseAnError() {
        assertThatThrownBy(() -> transform("order-to-json.xsl",
                sample("order-10248.xml").replace("<ORDER_DATE>19960704</ORDER_DATE>",
                        "<ORDER_DATE>19960231</ORDER_DATE>")))
                .isInstanceOf(SaxonApiException.class)
                .hasMessageContaining("ORDER_DATE");
    }

    @Test
    void anErrorBodyIsNotMistakenForAProduct() {
        assertThatThrownBy(() -> transform("product-to-json.xsl", sample("error-404-product.xml")))
                .isInstanceOf(SaxonApiException.class)
                .hasMessageContaining("expects <PRODUCT>")
                .hasMessageContaining("<ERROR>");
        assertThatThrownBy(() -> transform("order-list-to-json.xsl", sample("order-10248.xml")))
                .isInstanceOf(SaxonApiException.class)
                .hasMessageContaining("expects <ORDER_LIST>");
    }

    @Test
    void everyMappingCompilesAndEverySampleMapsToValidJson() throws Exception {
        Map<String, String> sampleToMapping = Map.ofEntries(
                Map.entry("product-11.xml", "product-to-json.xsl"),
                Map.entry("product-5-discontinued.xml", "product-to-json.xsl"),
                Map.entry("product-78-nulls.xml", "product-to-json.xsl"),
                Map.entry("product-list-category-4.xml", "product-list-to-json.xsl"),
                Map.entry("product-list-empty.xml", "product-list-to-json.xsl"),
                Map.entry("stock-11.xml", "stock-to-json.xsl"),
                Map.entry("stock-70-reorder.xml", "stock-to-json.xsl"),
                Map.entry("customer-ALFKI.xml", "customer-to-json.xsl"),
                Map.entry("customer-orders-ALFKI.xml", "order-list-to-json.xsl"),
                Map.entry("customer-orders-FISSA-empty.xml", "order-list-to-json.xsl"),
                Map.entry("order-10248.xml", "order-to-json.xsl"),
                Map.entry("order-10250-discount.xml", "order-to-json.xsl"),
                Map.entry("order-11077-unshipped.xml", "order-to-json.xsl"));
        for (Map.Entry<String, String> e : sampleToMapping.entrySet()) {
            String text = transform(e.getValue(), sample(e.getKey()));
            assertThat(JSON.readTree(text).isObject()).as(e.getKey()).isTrue();
        }
        try (var files = Files.list(MAPPINGS)) {
            for (Path xsl : files.filter(f -> f.toString().endsWith("-to-json.xsl")).toList()) {
                assertThat(compiled(xsl.getFileName().toString())).as(xsl.toString()).isNotNull();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String sample(String name) throws Exception {
        return Files.readString(SAMPLES.resolve(name), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String mapping, String xml) throws Exception {
        return JSON.readTree(transform(mapping, xml));
    }

    private static String transform(String mapping, String xml) throws SaxonApiException {
        StringWriter out = new StringWriter();
        Serializer serializer = SAXON.newSerializer(out);
        compiled(mapping).load30().transform(new StreamSource(new StringReader(xml)), serializer);
        return out.toString();
    }

    private static XsltExecutable compiled(String mapping) throws SaxonApiException {
        XsltExecutable exe = COMPILED.get(mapping);
        if (exe == null) {
            exe = SAXON.newXsltCompiler().compile(new StreamSource(MAPPINGS.resolve(mapping).toFile()));
            COMPILED.put(mapping, exe);
        }
        return exe;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.ficus.adapters.retailcore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XsltTransformer;
import org.junit.jupiter.api.Test;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

/**
 * {@code order-request-to-soap.xsl} (canonical order JSON -> SOAP CreateOrder) run with Saxon directly: the
 * request of the sample {@code samples/soap-create-order-request.xml} comes out of the equivalent JSON.
 */
class OrderRequestMappingTest {

    @Test
    void shouldBuildTheSampleSoapRequestFromTheEquivalentJson() throws Exception {
        String soap = transform("""
                {"customerId":"ALFKI","employeeId":4,"requiredDate":"2024-02-15","shipVia":2,
                 "freight":{"amount":"12.50","currency":"USD"},"shipName":"Alfreds Futterkiste (Lager)",
                 "shipCity":null,
                 "lines":[{"productId":11,"quantity":6},
                          {"productId":38,"quantity":2,"unitPrice":{"amount":"250.00","currency":"USD"},
                           "discountPercent":"5.00"}]}""");

        Diff diff = DiffBuilder.compare(new StreamSource(Path.of("adapters/retailcore/samples/soap-create-order-request.xml")
                        .toFile())).withTest(soap).ignoreWhitespace().ignoreComments().checkForSimilar().build();
        assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
    }

    @Test
    void shouldTurnMoneyIntoImpliedDecimalsExactly() throws Exception {
        String soap = transform("""
                {"customerId":"ALFKI","freight":{"amount":"0.1","currency":"USD"},
                 "lines":[{"productId":1,"quantity":1,"unitPrice":{"amount":"9999.99","currency":"USD"}}]}""");

        assertThat(soap).contains("<FREIGHT>10</FREIGHT>").contains("<UNIT_PRICE>999999</UNIT_PRICE>")
                .doesNotContain("SHIP_").doesNotContain("EMPLOYEE_ID");
    }

    private static String transform(String json) throws Exception {
        Processor saxon = new Processor(false);
        XsltTransformer transformer = saxon.newXsltCompiler()
                .compile(new StreamSource(Path.of("adapters/retailcore/mappings/order-request-to-soap.xsl").toFile()))
                .load();
        transformer.setParameter(new QName("FicusOrderJson"), new XdmAtomicValue(json));
        transformer.setSource(new StreamSource(new StringReader("<order/>")));
        StringWriter out = new StringWriter();
        transformer.setDestination(saxon.newSerializer(out));
        transformer.transform();
        return out.toString();
    }
}

package dev.ficus.adapters.retailcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmAtomicValue;
import net.sf.saxon.s9api.XsltTransformer;
import org.junit.jupiter.api.Test;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;

/**
 * {@code sale-to-soap.xsl} (canonical POS sale/return event -> SOAP PostSale) run with Saxon directly: the sample
 * {@code samples/soap-post-sale-request.xml} comes out of the event POS ingest publishes for it; returns post
 * magnitudes with TXN_TYPE RETURN; values outside the legacy conventions are errors, never rounded.
 */
class SaleMappingTest {

    static final String SALE = """
            {"specversion":"1.0","id":"5b0c1d0e-0000-3000-8000-000000000000","source":"/ficus/pos/77/3",
             "type":"retail.pos.sale-completed","subject":"77/3/2024-03-01/1001","datacontenttype":"application/json",
             "ficusposkey":"77/3/2024-03-01/1001","ficustotalsbalanced":true,
             "data":{"storeId":"77","workstationId":"3","sequenceNumber":"1001","businessDay":"2024-03-01",
              "currency":"EUR",
              "lines":[{"lineNumber":"1","kind":"sale","itemId":"A","description":"Käse",
                        "extendedAmount":{"amount":"9.00","currency":"EUR"}}],
              "voidedLines":[{"lineNumber":"9","kind":"sale","itemId":"V","extendedAmount":{"amount":"1.00","currency":"EUR"}}],
              "discounts":[],"taxes":[{"amount":{"amount":"0.90","currency":"EUR"}}],
              "tenders":[{"lineNumber":"3","type":"Cash","amount":{"amount":"10.00","currency":"EUR"},
                          "change":{"amount":"0.10","currency":"EUR"}}],
              "totals":{"lines":{"amount":"9.00","currency":"EUR"},"discounts":{"amount":"0.00","currency":"EUR"},
                        "tax":{"amount":"0.90","currency":"EUR"},"taxIncludedInPrices":{"amount":"0.00","currency":"EUR"},
                        "total":{"amount":"9.90","currency":"EUR"},"tendered":{"amount":"10.00","currency":"EUR"},
                        "change":{"amount":"0.10","currency":"EUR"}},
              "totalsCheck":{"mismatches":[],"balanced":true}}}""";

    @Test
    void shouldBuildTheSamplePostSaleFromTheSaleEvent() throws Exception {
        String soap = transform(SALE);

        Diff diff = DiffBuilder.compare(new StreamSource(Path.of("adapters/retailcore/samples/soap-post-sale-request.xml")
                        .toFile())).withTest(soap).ignoreWhitespace().ignoreComments().checkForSimilar().build();
        assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
    }

    @Test
    void shouldPostAReturnAsMagnitudesWithTxnTypeReturnAndFlagAnUnbalancedOne() throws Exception {
        String event = SALE.replace("retail.pos.sale-completed", "retail.pos.return-completed")
                .replace("\"kind\":\"sale\",\"itemId\":\"A\"", "\"kind\":\"return\",\"itemId\":\"A\"")
                .replace("\"lines\":{\"amount\":\"9.00\"", "\"lines\":{\"amount\":\"-9.00\"")
                .replace("\"total\":{\"amount\":\"9.90\"", "\"total\":{\"amount\":\"-9.95\"")
                .replace("\"balanced\":true", "\"balanced\":false");

        String soap = transform(event);

        assertThat(soap).contains("<TXN_TYPE>RETURN</TXN_TYPE>", "<GROSS_AMT>900</GROSS_AMT>",
                "<TOTAL_AMT>995</TOTAL_AMT>", "<LINE_TYPE>R</LINE_TYPE>", "<BALANCED_FLAG>N</BALANCED_FLAG>")
                .doesNotContain("<ITEM_ID>V</ITEM_ID>");
    }

    @Test
    void shouldPostATransactionIdentifiedByItsTransactionId() throws Exception {
        String event = SALE.replace("\"workstationId\":\"3\",\"sequenceNumber\":\"1001\",",
                "\"transactionId\":\"WEB-7F3A-0042\",\"identity\":\"transaction-id\",");

        assertThat(transform(event)).contains("<REGISTER_ID>-</REGISTER_ID>", "<TXN_SEQ>WEB-7F3A-0042</TXN_SEQ>");
    }

    @Test
    void shouldLeaveTotalEmptyWhenTheEventHasNone() throws Exception {
        String soap = transform(SALE.replace("\"total\":{\"amount\":\"9.90\",\"currency\":\"EUR\"},", ""));

        assertThat(soap).contains("<TOTAL_AMT/>");
    }

    @Test
    void shouldRefuseAControlEventAndAnAmountWithMoreThanTwoDecimals() {
        assertThatThrownBy(() -> transform(SALE.replace("retail.pos.sale-completed", "retail.pos.control")))
                .isInstanceOf(SaxonApiException.class).hasMessageContaining("is not posted");
        assertThatThrownBy(() -> transform(SALE.replace("\"amount\":\"9.90\"", "\"amount\":\"9.905\"")))
                .isInstanceOf(SaxonApiException.class).hasMessageContaining("more than 2 decimals");
    }

    static String transform(String json) throws SaxonApiException {
        Processor saxon = new Processor(false);
        XsltTransformer transformer = saxon.newXsltCompiler()
                .compile(new StreamSource(Path.of("adapters/retailcore/mappings/sale-to-soap.xsl").toFile()))
                .load();
        transformer.setParameter(new QName("FicusSaleJson"), new XdmAtomicValue(json));
        transformer.setSource(new StreamSource(new StringReader("<sale/>")));
        StringWriter out = new StringWriter();
        transformer.setDestination(saxon.newSerializer(out));
        transformer.transform();
        return out.toString();
    }
}

package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostSaleAnswerTest {

    final PostSaleAnswer answers = new PostSaleAnswer();

    static String envelope(String body) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    @Test
    void shouldReadTheSaleIdOfAPostSaleResponse() {
        assertThat(answers.saleId(envelope("<PostSaleResponse xmlns=\"urn:retailcore:posposting\"><SALE_ID> 42 "
                + "</SALE_ID><STATUS>POSTED</STATUS></PostSaleResponse>"))).isEqualTo("42");
    }

    @Test
    void shouldRefuseAnythingElseWithTheAnswersText() {
        assertThatThrownBy(() -> answers.saleId("<html><body>Down for maintenance</body></html>"))
                .isInstanceOf(PostSaleAnswer.UnexpectedAnswerException.class)
                .hasMessageContaining("Down for maintenance");
        assertThatThrownBy(() -> answers.saleId("")).hasMessageContaining("(empty body)");
        assertThatThrownBy(() -> answers.saleId(envelope("<PostSaleResponse><STATUS>POSTED</STATUS>"
                + "</PostSaleResponse>"))).hasMessageContaining("no SALE_ID");
        assertThatThrownBy(() -> answers.saleId(envelope("<Other><SALE_ID>1</SALE_ID></Other>")))
                .hasMessageContaining("without a SOAP PostSaleResponse");
        assertThatThrownBy(() -> answers.saleId("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + envelope("<PostSaleResponse><SALE_ID>&e;</SALE_ID></PostSaleResponse>")))
                .isInstanceOf(PostSaleAnswer.UnexpectedAnswerException.class);
        assertThat(answers.saleId(envelope("<PostSaleResponse><SALE_ID>7</SALE_ID></PostSaleResponse>")))
                .isEqualTo("7");
    }
}

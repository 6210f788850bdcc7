package dev.ficus.platform.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoapFaultTest {

    private static String envelope(String prefix, String namespace, String fault) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + prefix + ":Envelope xmlns:" + prefix + "=\""
                + namespace + "\"><" + prefix + ":Body><" + prefix + ":Fault>" + fault + "</" + prefix + ":Fault></"
                + prefix + ":Body></" + prefix + ":Envelope>";
    }

    @Test
    void shouldReadFaultcodeAndFaultstring() {
        String body = envelope("soap", SoapFault.ENVELOPE_NS, "<faultcode> soap:Client </faultcode>"
                + "<faultstring>Customer &amp; co does not exist</faultstring><detail><x>1</x></detail>");

        assertThat(SoapFault.parse(body)).contains(new SoapFault("soap:Client", "Customer & co does not exist", true));
    }

    @Test
    void shouldTellClientFaultsFromOthersByTheEnvelopeNamespace() {
        assertThat(SoapFault.parse(envelope("soap", SoapFault.ENVELOPE_NS,
                "<faultcode>soap:Server</faultcode><faultstring>db down</faultstring>")))
                .hasValueSatisfying(f -> assertThat(f.clientFault()).isFalse());
        assertThat(SoapFault.parse(envelope("env", SoapFault.ENVELOPE_NS,
                "<faultcode>env:Client.Authentication</faultcode><faultstring>no</faultstring>")))
                .hasValueSatisfying(f -> assertThat(f.clientFault()).isTrue());
        assertThat(SoapFault.parse(envelope("soap", SoapFault.ENVELOPE_NS,
                "<faultcode xmlns:app=\"urn:app\">app:Client</faultcode><faultstring>x</faultstring>")))
                .hasValueSatisfying(f -> assertThat(f.clientFault()).isFalse());
    }

    @Test
    void shouldFindNothingInAnythingElse() {
        assertThat(SoapFault.parse(null)).isEmpty();
        assertThat(SoapFault.parse("  ")).isEmpty();
        assertThat(SoapFault.parse("<not-closed>")).isEmpty();
        assertThat(SoapFault.parse("{\"json\":true}")).isEmpty();
        assertThat(SoapFault.parse(envelope("soap", "http://www.w3.org/2003/05/soap-envelope",
                "<faultcode>soap:Client</faultcode>"))).isEmpty();
        assertThat(SoapFault.parse(envelope("soap", SoapFault.ENVELOPE_NS, "<faultstring>no code</faultstring>")))
                .isEmpty();
    }

    @Test
    void shouldMissingFaultstringBeEmpty() {
        assertThat(SoapFault.parse(envelope("soap", SoapFault.ENVELOPE_NS, "<faultcode>soap:Server</faultcode>")))
                .contains(new SoapFault("soap:Server", "", false));
    }

    @Test
    void shouldRefuseADocumentTypeDeclaration() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + envelope("soap", SoapFault.ENVELOPE_NS, "<faultcode>soap:Client</faultcode><faultstring>&x;"
                + "</faultstring>").substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());

        assertThat(SoapFault.parse(xxe)).isEmpty();
    }
}

package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Content-Type charset rule of the HTTP channel: the document decides, a contradiction is refused. */
class ContentTypeCharsetTest {

    static final Charset CP1252 = Charset.forName("windows-1252");

    @Test
    void shouldAcceptNoCharsetWhateverTheDocumentSays() {
        assertThat(ContentTypeCharset.conflict("application/xml", StandardCharsets.ISO_8859_1)).isNull();
        assertThat(ContentTypeCharset.conflict("text/xml", StandardCharsets.UTF_16LE)).isNull();
        assertThat(ContentTypeCharset.conflict(null, StandardCharsets.UTF_8)).isNull();
    }

    @Test
    void shouldAcceptACharsetThatAgreesUnderAnyAlias() {
        assertThat(ContentTypeCharset.conflict("application/xml; charset=latin1", StandardCharsets.ISO_8859_1))
                .isNull();
        assertThat(ContentTypeCharset.conflict("text/xml;charset=\"utf-8\"", StandardCharsets.UTF_8)).isNull();
        assertThat(ContentTypeCharset.conflict("application/xml; charset=cp1252", CP1252)).isNull();
        assertThat(ContentTypeCharset.conflict("application/xml; charset=UTF-16", StandardCharsets.UTF_16BE))
                .isNull();
        assertThat(ContentTypeCharset.conflict("application/xml; charset=us-ascii", StandardCharsets.UTF_8))
                .isNull();
        assertThat(ContentTypeCharset.conflict("application/xml; charset=us-ascii", CP1252)).isNull();
    }

    @Test
    void shouldRefuseACharsetThatContradictsTheDocumentNamingBoth() {
        assertThat(ContentTypeCharset.conflict("application/xml; charset=UTF-8", StandardCharsets.ISO_8859_1))
                .contains("charset=UTF-8").contains("ISO-8859-1");
        assertThat(ContentTypeCharset.conflict("application/xml; charset=ISO-8859-1", StandardCharsets.UTF_8))
                .contains("charset=ISO-8859-1").contains("UTF-8");
        assertThat(ContentTypeCharset.conflict("text/xml; charset=us-ascii", StandardCharsets.UTF_16LE))
                .isNotNull();
        assertThat(ContentTypeCharset.conflict("text/xml; charset=no-such-charset", StandardCharsets.UTF_8))
                .contains("no-such-charset");
    }
}

package dev.ficus.playground.mimic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RetailCore's implied decimals and yyyyMMdd dates, and the XML writer's escaping. */
class LegacyFormatsTest {

    @ParameterizedTest
    @CsvSource({"21, 2100", "21.00, 2100", "0, 0", "0.05, 5", "263.5, 26350", "9999.99, 999999", "1.005, 101"})
    void impliedDecimalIsTheUnscaledScale2Value(String amount, String implied) {
        assertThat(LegacyFormats.toImpliedDecimal(new BigDecimal(amount))).isEqualTo(implied);
    }

    @Test
    void impliedDecimalRoundTripsAndRejectsJunk() {
        assertThat(LegacyFormats.toImpliedDecimal(null)).isNull();
        assertThat(LegacyFormats.parseImpliedDecimal("2100")).isEqualByComparingTo("21.00");
        assertThat(LegacyFormats.parseImpliedDecimal("0005").scale()).isEqualTo(2);
        for (String bad : new String[] {"", "21.00", "-5", "+5", "1e3", "1234567890", " 5"}) {
            assertThatThrownBy(() -> LegacyFormats.parseImpliedDecimal(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> LegacyFormats.toImpliedDecimal(new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void datesAreYyyyMmDd() {
        assertThat(LegacyFormats.toYyyyMmDd(LocalDate.of(1996, 7, 4))).isEqualTo("19960704");
        assertThat(LegacyFormats.toYyyyMmDd(null)).isNull();
        assertThat(LegacyFormats.parseYyyyMmDd("20240229")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20230229", "19960231", "1996-07-04", "199607041", "abcdefgh"})
    void impossibleDatesAreRejected(String text) {
        assertThatThrownBy(() -> LegacyFormats.parseYyyyMmDd(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void xmlWriterEscapesAndWritesNullAsEmptyElement() {
        String xml = new LegacyXml().open("A").leaf("B", "x < y & \"z\"").leaf("C", null).leaf("D", "bell\u0007")
                .close().toString();
        assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<A>\n"
                + "  <B>x &lt; y &amp; &quot;z&quot;</B>\n  <C/>\n  <D>bell</D>\n</A>\n");
    }
}

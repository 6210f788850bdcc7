package dev.ficus.playground.mimic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * The value conventions of RetailCore's wire formats.
 *
 * <ul>
 *   <li><b>Implied decimal</b>: an amount with 2 implied decimals written as its unscaled digits, no sign, no
 *       point, no grouping: 21.00 is {@code "2100"}, 0.05 is {@code "5"}, 0 is {@code "0"}. Used for money (in the
 *       unit of {@code CURRENCY_CODE}) and for discount percentages (15.00 % is {@code "1500"}).</li>
 *   <li><b>Date</b>: {@code yyyyMMdd}, e.g. {@code "19960704"}, calendar-checked.</li>
 * </ul>
 */
public final class LegacyFormats {

    /** Largest implied-decimal value the mimic accepts on input: 9999.99, the most a PostgreSQL {@code real} keeps exact to the cent. */
    public static final BigDecimal MAX_IMPLIED_DECIMAL = new BigDecimal("9999.99");

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final DateTimeFormatter YYYYMMDD =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    private LegacyFormats() {
    }

    /**
     * Formats an amount as an implied decimal with 2 decimals.
     *
     * @param value an amount, rounded half-up to 2 decimals first; {@code null} allowed
     * @return the unscaled digits of the scale-2 value (e.g. 21.00 gives {@code "2100"}), or {@code null} for
     *     {@code null}
     * @throws IllegalArgumentException when {@code value} is negative (RetailCore has no signed amounts)
     */
    public static String toImpliedDecimal(BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RetailCore amounts are never negative: " + value);
        }
        BigInteger unscaled = value.setScale(2, RoundingMode.HALF_UP).unscaledValue();
        return unscaled.toString();
    }

    /**
     * Parses an implied decimal with 2 decimals.
     *
     * @param text 1 to 9 ASCII digits, leading zeros allowed (e.g. {@code "2100"})
     * @return the value with scale 2 (e.g. 21.00)
     * @throws IllegalArgumentException when {@code text} is {@code null}, empty, signed, has a point or more than
     *     9 digits
     */
    public static BigDecimal parseImpliedDecimal(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("not an implied decimal (1-9 digits, 2 implied decimals): " + text);
        }
        return new BigDecimal(new BigInteger(text), 2);
    }

    /**
     * Formats a date as {@code yyyyMMdd}.
     *
     * @param date a date; {@code null} allowed
     * @return e.g. {@code "19960704"}, or {@code null} for {@code null}
     */
    public static String toYyyyMmDd(LocalDate date) {
        return date == null ? null : YYYYMMDD.format(date);
    }

    /**
     * Parses a {@code yyyyMMdd} date.
     *
     * @param text exactly 8 digits naming a real calendar day (e.g. {@code "19960704"})
     * @return the date
     * @throws IllegalArgumentException when {@code text} is {@code null}, not 8 digits, or not a calendar day
     *     (e.g. {@code "19960231"})
     */
    public static LocalDate parseYyyyMmDd(String text) {
        if (text == null || !text.matches("[0-9]{8}")) {
            throw new IllegalArgumentException("not a yyyyMMdd date: " + text);
        }
        try {
            return LocalDate.parse(text, YYYYMMDD);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a calendar day (yyyyMMdd): " + text, e);
        }
    }
}

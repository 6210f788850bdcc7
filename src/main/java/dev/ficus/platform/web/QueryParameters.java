package dev.ficus.platform.web;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Whole-number query parameters of the admin API ({@code ?limit=}, {@code ?windowMs=}) read strictly: a value
 * outside its range or not a whole number is refused, never clamped or replaced by the default. The controller
 * takes the parameter as the raw {@code String} (so that Spring's own conversion, whose message says neither the
 * range nor what a number is, never runs) and calls {@link #longIn}.
 *
 * <p>A refusal is {@code ErrorResponseException} with an RFC 9457 problem: status 400, title
 * {@value #TITLE}, a {@code detail} naming the parameter, the value and the allowed range (e.g. {@code "limit must
 * be a whole number from 1 to 500, got '0'"}), and the extension members {@code parameter}, {@code value} (as
 * sent), {@code minimum} and {@code maximum}; {@link SpringProblems} adds {@code instance} and {@code requestId}.
 */
public final class QueryParameters {

    /** Title of the problem answered for a refused parameter. */
    public static final String TITLE = "Invalid parameter";

    /** Optional sign, then decimal digits: a whole number as a query string writes it. */
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private QueryParameters() {
    }

    /**
     * @param name         the parameter's name, as the client writes it (e.g. {@code limit})
     * @param raw          the value as sent; {@code null} when the parameter is absent
     * @param defaultValue answered when the parameter is absent
     * @param min          smallest value accepted
     * @param max          largest value accepted
     * @return the value, within {@code min..max}
     * @throws ErrorResponseException 400 (shape above) for an empty value, a value that is not a whole number
     *                                (decimals, letters, blanks) or one outside {@code min..max}
     */
    public static int intIn(String name, String raw, int defaultValue, int min, int max) {
        return (int) longIn(name, raw, defaultValue, min, max);
    }

    /**
     * The same as {@link #intIn} for a {@code long} parameter.
     *
     * @return the value, within {@code min..max}
     * @throws ErrorResponseException 400 as {@link #intIn}
     */
    public static long longIn(String name, String raw, long defaultValue, long min, long max) {
        if (raw == null) {
            return defaultValue;
        }
        if (!WHOLE.matcher(raw).matches()) {
            throw invalid(name, raw, min, max);
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException beyondLong) {
            throw invalid(name, raw, min, max);
        }
        if (value < min || value > max) {
            throw invalid(name, raw, min, max);
        }
        return value;
    }

    /**
     * @return the problem for {@code name=raw} outside {@code min..max} (shape above), e.g. for a value that came
     *         typed already
     */
    public static ErrorResponseException invalid(String name, String raw, long min, long max) {
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(400), name
                + " must be a whole number from " + min + " to " + max + ", got '" + shown + "'");
        problem.setTitle(TITLE);
        problem.setProperty("parameter", name);
        problem.setProperty("value", shown);
        problem.setProperty("minimum", min);
        problem.setProperty("maximum", max);
        return new ErrorResponseException(HttpStatusCode.valueOf(400), problem, null);
    }
}

package dev.ficus.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * JSON request bodies of the admin API read so that a refusal says exactly what is wrong: the controller takes the
 * body as a {@code String} ({@code @RequestBody(required = false)}) rather than letting Spring's converter answer
 * "Failed to read request", and reads it with {@link #read}. The detail of a refusal (written by {@link #detail}):
 *
 * <ul>
 *   <li>no body, a blank one or {@code null}: {@code "a body is required: <shape>"};</li>
 *   <li>not JSON at all (RFC 8259 syntax): {@code "body is not valid JSON: <Jackson's message> (line L, column C);
 *       expected <shape>"}; a value followed by more: {@code "body is not valid JSON: text after the JSON value
 *       (line L, column C); expected <shape>"};</li>
 *   <li>a member the target does not have: {@code "body is not <what>: unknown member '<member path>' (line L,
 *       column C); expected <shape>"};</li>
 *   <li>JSON of the wrong shape: {@code "body is not <what>: <member path>: <expected> is expected, got <value>
 *       (line L, column C); expected <shape>"}, the member path written as {@code ids[0]} or
 *       {@code noiseLearning.enabled}, the expected value in JSON's words ({@code a string}, {@code a whole number},
 *       {@code true or false}, {@code one of A, B}, {@code an array}, {@code an object}), never a Java class name;
 *       a value the target's own check refuses: that check's message.</li>
 * </ul>
 * Jackson's line and column are 1-based, of the body's characters. Each caller turns the detail into its own 400
 * problem (a {@code Function<String, RuntimeException>}), so the title stays the endpoint's.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * A copy of {@code mapper} (Spring's, with its modules and settings) that refuses to coerce scalars: a number or
     * boolean where a string is expected ({@code {"ids": [123]}}), a number or a number in a string where an enum
     * constant is expected ({@code 1} or {@code "1"} is not the second constant), a string or a fraction where a whole number is
     * expected ({@code "50"}, {@code 1.5}), a string where a fraction is expected, a number or string where a
     * boolean is expected; and that refuses anything after the JSON value ({@code {"a": 1} junk}) and a member given
     * twice (RFC 8259 §4 leaves duplicates to the reader: here they are an error, not "the last one wins").
     * Reading with it fails with a {@code MismatchedInputException} naming the member (a syntax error for a
     * duplicate, naming it). The
     * copy is for the readers of the endpoints that ask for it; {@code mapper} itself is unchanged.
     *
     * @param mapper the application's {@code ObjectMapper}
     * @return a new, strict mapper
     */
    public static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        // one JSON value and nothing after it ({"a":1} junk is not JSON); a member given twice is refused, not the
        // last one taken
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // an enum by its name only: 1 or "1" is not the second constant
        strict.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        strict.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return strict;
    }

    /**
     * Reads {@code body} with {@code reader}.
     *
     * @param reader  the reader, configured for the target type (e.g. {@code strict(json).readerFor(X.class)})
     * @param body    the request body as sent; {@code null} when there is none
     * @param what    what the body should be, for the detail, e.g. {@code "a JSON selection"}
     * @param shape   an example of the expected JSON, for the detail
     * @param refusal makes the endpoint's 400 problem from a detail (shapes above)
     * @param <T>     the target type
     * @return the value, never {@code null}
     * @throws RuntimeException {@code refusal}'s, when the body is absent, {@code null}, or cannot be read
     */
    public static <T> T read(ObjectReader reader, String body, String what, String shape,
                             Function<String, ? extends RuntimeException> refusal) {
        T value = null;
        if (body != null && !body.isBlank()) {
            try {
                value = reader.readValue(body);
            } catch (JsonProcessingException e) {
                throw refusal.apply(detail(e, what, shape));
            }
        }
        if (value == null) {
            throw refusal.apply("a body is required: " + shape);
        }
        return value;
    }

    /**
     * @param e     why Jackson could not read the body
     * @param what  what the body should be, e.g. {@code "JSON compare rules"}
     * @param shape an example of the expected JSON
     * @return the detail of the refusal (shapes above)
     */
    public static String detail(JsonProcessingException e, String what, String shape) {
        // a syntax error inside a collection or bean reaches us wrapped, with the path of where it happened
        JsonProcessingException cause = e.getCause() instanceof StreamReadException syntax ? syntax : e;
        if (cause instanceof StreamReadException && !(cause instanceof InputCoercionException)) {
            return "body is not valid JSON: " + message(cause) + at(cause) + "; expected " + shape;
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith("Trailing token")) {
            return "body is not valid JSON: text after the JSON value" + at(e) + "; expected " + shape;
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "body is not " + what + ": unknown member '" + member(unknown) + "'" + at(e) + "; expected "
                    + shape;
        }
        String member = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? member(m) + ": " : "";
        String message;
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = describe(mismatch.getTargetType()) + " is expected" + (mismatch instanceof InvalidFormatException
                    bad && bad.getValue() != null ? ", got " + quoted(bad.getValue()) : "");
        } else if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null
                && invalid.getCause().getMessage() != null) {
            message = invalid.getCause().getMessage();   // the target's own check, e.g. a range
        } else {
            message = message(e);
        }
        return "body is not " + what + ": " + member + message + at(e) + "; expected " + shape;
    }

    /** @return what a JSON reader expects for {@code type}, in JSON's words (no Java class names) */
    private static String describe(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return type.isArray() || java.util.Collection.class.isAssignableFrom(type) ? "an array" : "an object";
    }

    private static String quoted(Object value) {
        return value instanceof CharSequence text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** @return Jackson's message, first line, without the hint on coercion and the (redacted) source */
    private static String message(JsonProcessingException e) {
        return e.getOriginalMessage().lines().findFirst().orElse("")
                .replace(" (but could if coercion was enabled using `CoercionConfig`)", "")
                .replaceAll("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)\\]", "$1");
    }

    /** @return {@code " (line L, column C)"}, or "" when Jackson does not know where */
    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** @return the path of the member Jackson stopped at, e.g. {@code ids[0]} or {@code noiseLearning.enabled} */
    public static String member(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}

package dev.ficus.pos;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for a POSLog sent over HTTP with a {@code charset} parameter in its {@code Content-Type}: the document
 * itself decides its encoding (XML 1.0 §4.3.3 and Appendix F: byte order mark, else the XML declaration's
 * {@code encoding}, else UTF-8), exactly as on the queue and in the drop directory, so the same bytes read the same
 * on every channel. A {@code charset} that agrees with the document is fine; one that contradicts it is refused
 * (415) rather than followed: RFC 7303 §3.2 would let the parameter win over the declaration, but a sender whose
 * label and document disagree has made a mistake, and guessing either way may publish mangled names (and the
 * sender learns nothing). Agreeing: the same charset (any alias), {@code UTF-16} with {@code UTF-16LE}/{@code BE}
 * (the byte order mark decides), {@code US-ASCII} with an ASCII-compatible document encoding.
 */
final class ContentTypeCharset {

    private static final Set<String> UTF_16 = Set.of("UTF-16", "UTF-16LE", "UTF-16BE");
    /** The {@code charset} parameter of a media type (RFC 9110 §8.3.1), quoted or not. */
    private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?",
            Pattern.CASE_INSENSITIVE);

    private ContentTypeCharset() {
    }

    /**
     * @param contentType the request's {@code Content-Type}, or {@code null}
     * @param document    the document's own encoding (BOM, declaration or UTF-8), or {@code null} when it could not
     *                    be told (the document is then refused as malformed by the ingest)
     * @return {@code null} when the parameter is absent or agrees; otherwise why it is refused
     */
    static String conflict(String contentType, Charset document) {
        if (contentType == null || document == null) {
            return null;
        }
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        String label = m.group(1);
        Charset declared;
        try {
            declared = Charset.forName(label);
        } catch (IllegalArgumentException e) {
            return "Content-Type charset " + label + " is not a known encoding; the document is " + document.name();
        }
        if (agree(declared, document)) {
            return null;
        }
        return "Content-Type says charset=" + label + " but the document is " + document.name()
                + " (its byte order mark or XML declaration; UTF-8 when it has neither): send the charset of the"
                + " document, or none";
    }

    private static boolean agree(Charset declared, Charset document) {
        if (declared.equals(document)) {
            return true;
        }
        String d = declared.name().toUpperCase(Locale.ROOT);
        String doc = document.name().toUpperCase(Locale.ROOT);
        if (UTF_16.contains(d) && UTF_16.contains(doc)) {
            return true;
        }
        return declared.equals(StandardCharsets.US_ASCII) && asciiCompatible(document);
    }

    private static boolean asciiCompatible(Charset charset) {
        String probe = "<?xml version=\"1.0\"?><POSLog/>";
        return charset.canEncode() && java.util.Arrays.equals(probe.getBytes(charset),
                probe.getBytes(StandardCharsets.US_ASCII));
    }
}

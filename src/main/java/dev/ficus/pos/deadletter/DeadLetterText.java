package dev.ficus.pos.deadletter;

import dev.ficus.pos.PosHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dead letter's body as text, decoded the way its content says so that encoding the text again in
 * {@link #charset()} gives back the exact bytes:
 * <ul>
 *   <li>a TextMessage: its text (UTF-8);</li>
 *   <li>a dead-lettered transaction: the encoding POS ingest recorded ({@link PosHeaders#ENCODING});</li>
 *   <li>otherwise an XML document's own declaration (XML 1.0 §4.3.3 and its appendix F): a byte order mark (UTF-8,
 *       UTF-16 LE/BE, then kept as the first character), else UTF-16 recognised from {@code <?}, else the XML
 *       declaration's {@code encoding}, else UTF-8 (also JSON, RFC 8259).</li>
 * </ul>
 * Decoding is strict: bytes that are not valid in that encoding give no text ({@link #text()} {@code null}).
 *
 * @param text    the body as text, or {@code null} when it is not valid text in {@code charset}
 * @param charset the encoding used
 */
public record DeadLetterText(String text, Charset charset) {

    private static final Pattern DECLARED = Pattern.compile(
            "^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]{0,39})[\"']");
    /** Bytes of the prolog looked at for an encoding declaration. */
    private static final int PROLOG_BYTES = 256;

    /**
     * @param message a dead letter
     * @return its body as text
     */
    public static DeadLetterText of(DeadLetterMessage message) {
        Charset charset = message.kind() == DeadLetterMessage.Kind.TEXT ? StandardCharsets.UTF_8
                : recorded(message.property(PosHeaders.ENCODING));
        if (charset == null) {
            charset = sniff(message.body());
        }
        return new DeadLetterText(decode(message.body(), charset), charset);
    }

    /**
     * @param body bytes of an XML document or JSON
     * @return the encoding its bytes declare, UTF-8 when none
     */
    static Charset sniff(byte[] body) {
        int b0 = body.length > 0 ? body[0] & 0xff : -1;
        int b1 = body.length > 1 ? body[1] & 0xff : -1;
        if (b0 == 0xFF && b1 == 0xFE || b0 == '<' && b1 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0xFE && b1 == 0xFF || b0 == 0 && b1 == '<') {
            return StandardCharsets.UTF_16BE;
        }
        int start = body.length >= 3 && b0 == 0xEF && b1 == 0xBB && (body[2] & 0xff) == 0xBF ? 3 : 0;
        String prolog = new String(body, start, Math.min(PROLOG_BYTES, body.length - start),
                StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED.matcher(prolog);
        if (start == 0 && m.find()) {
            Charset declared = recorded(m.group(1));
            if (declared != null) {
                return declared;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Charset recorded(String name) {
        try {
            return name == null ? null : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decode(byte[] body, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

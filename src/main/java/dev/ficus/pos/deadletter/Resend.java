package dev.ficus.pos.deadletter;

import dev.ficus.pos.PosHeaders;
import dev.ficus.pos.PosPostingErrorHandling;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a resend sends back to a dead letter's source queue: the message as it was before it was dead-lettered, so
 * the normal path (POS ingest with its de-duplication, or route {@code pos-posting}) takes it again.
 *
 * <ul>
 *   <li>Body: the original bytes (BytesMessage) or text (TextMessage), unchanged. A transaction POS ingest refused
 *       on its own holds only its {@code Transaction} element; when the dead letter carries its document's
 *       {@value PosHeaders#DOCUMENT_HEAD} and {@value PosHeaders#DOCUMENT_TAIL}, the resend is
 *       {@code head + transaction + tail} in {@value PosHeaders#ENCODING}, a POSLog document of that one
 *       transaction with the root and namespace declarations the till wrote (without them the transaction alone
 *       would be refused as {@code wrong-root}).</li>
 *   <li>Properties: all of the dead letter's except the reasons it was dead-lettered for (POS ingest's
 *       {@link PosHeaders} dead-letter headers, the posting route's {@code FicusPosting*}; {@value PosHeaders#KEY} too on what POS ingest refused, as
 *       the ingest forms the key again), the broker's own
 *       ({@code _AMQ*}: original queue, duplicate id) and the JMS-defined {@code JMSX*} but the group
 *       ({@code JMSXGroupID}, {@code JMSXGroupSeq}); plus {@value #RESEND_OF} =
 *       the dead letter's id. An event keeps {@value PosHeaders#KEY}, {@value PosHeaders#POST}, its CloudEvents
 *       properties and {@value PosHeaders#CORRECTION_OF}.</li>
 * </ul>
 *
 * @param kind       BYTES, TEXT or EMPTY (the body type to send)
 * @param body       the body to send (a TEXT body as UTF-8)
 * @param properties the properties to set
 */
public record Resend(DeadLetterMessage.Kind kind, byte[] body, Map<String, Object> properties) {

    /** Property on a resent message: the id of the dead letter it was resent from. */
    public static final String RESEND_OF = "FicusResendOf";

    /** What POS ingest's and the posting route's dead letters carry only because they were dead-lettered. */
    private static final Set<String> REASON_HEADERS = Set.of(PosHeaders.REASON, PosHeaders.DETAIL, PosHeaders.SCOPE,
            PosHeaders.INDEX, PosHeaders.CHANNEL, PosHeaders.STORED_HASH, PosHeaders.RECEIVED_HASH,
            PosHeaders.DOCUMENT_HEAD, PosHeaders.DOCUMENT_TAIL, PosHeaders.ENCODING, PosHeaders.REQUEST_ID,
            PosPostingErrorHandling.H_REASON, PosPostingErrorHandling.H_DETAIL, PosPostingErrorHandling.H_ATTEMPTS);

    /**
     * @param letter a dead letter of kind BYTES, TEXT or EMPTY
     * @return what to send for it
     * @throws IllegalArgumentException for a message of kind OTHER (not a message Ficus or a till sends)
     */
    public static Resend of(DeadLetterMessage letter) {
        if (letter.kind() == DeadLetterMessage.Kind.OTHER) {
            throw new IllegalArgumentException("message " + letter.id() + " has a body that is neither bytes nor text");
        }
        boolean refusedByIngest = letter.property(PosHeaders.REASON) != null;
        Map<String, Object> properties = new HashMap<>();
        letter.properties().forEach((name, value) -> {
            if (!REASON_HEADERS.contains(name) && !name.startsWith("_AMQ")
                    && !(refusedByIngest && PosHeaders.KEY.equals(name))
                    && (!name.startsWith("JMSX") || name.startsWith("JMSXGroup"))) {
                properties.put(name, value);
            }
        });
        if (letter.id() != null) {
            properties.put(RESEND_OF, letter.id());
        }
        return new Resend(letter.kind(), body(letter), properties);
    }

    private static byte[] body(DeadLetterMessage letter) {
        String head = letter.property(PosHeaders.DOCUMENT_HEAD);
        String tail = letter.property(PosHeaders.DOCUMENT_TAIL);
        if (letter.kind() != DeadLetterMessage.Kind.BYTES || head == null || tail == null
                || !"transaction".equals(letter.property(PosHeaders.SCOPE))) {
            return letter.body();
        }
        DeadLetterText text = DeadLetterText.of(letter);
        if (text.text() == null) {
            return letter.body();
        }
        Charset charset = text.charset();
        String bom = charset.equals(StandardCharsets.UTF_16LE) || charset.equals(StandardCharsets.UTF_16BE)
                ? "\uFEFF" : "";
        return (bom + head + text.text() + tail).getBytes(charset);
    }
}

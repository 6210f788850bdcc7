package dev.ficus.pos;

import dev.ficus.platform.soap.SoapFault;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks RetailCore's answer to {@code PostSale} (bean {@code postSaleAnswer}, called by route
 * {@code pos-posting-legacy} after a 2xx): only a well-formed SOAP 1.1 envelope whose body is a
 * {@code PostSaleResponse} with a non-blank {@code SALE_ID} counts as posted (contract:
 * {@code adapters/retailcore/README.md}). Anything else, e.g. a maintenance page answered {@code 200 text/html},
 * an empty body or a response without a sale id, throws {@link UnexpectedAnswerException}, which the posting's
 * error handling retries and finally dead-letters ({@code legacy-failed}) with the answer's text.
 */
@Component
public class PostSaleAnswer {

    /** Longest excerpt of an unexpected answer kept in the exception (and so in {@code FicusPostingReasonDetail}). */
    static final int EXCERPT_CHARS = 300;

    /**
     * @param answer the body RetailCore answered with
     * @return the legacy sale id
     * @throws UnexpectedAnswerException when the answer is not a PostSale result with a sale id
     */
    public String saleId(String answer) {
        Element response = SoapFault.bodyContent(answer).filter(e -> "PostSaleResponse".equals(e.getLocalName()))
                .orElseThrow(() -> new UnexpectedAnswerException("RetailCore answered without a SOAP PostSaleResponse: "
                        + excerpt(answer)));
        for (Node child = response.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "SALE_ID".equals(element.getLocalName())
                    && !element.getTextContent().isBlank()) {
                return element.getTextContent().strip();
            }
        }
        throw new UnexpectedAnswerException("RetailCore's PostSaleResponse has no SALE_ID: " + excerpt(answer));
    }

    private static String excerpt(String answer) {
        if (answer == null || answer.isBlank()) {
            return "(empty body)";
        }
        String oneLine = answer.strip().replaceAll("\\s+", " ");
        return oneLine.length() > EXCERPT_CHARS ? oneLine.substring(0, EXCERPT_CHARS) + "…" : oneLine;
    }

    /** RetailCore answered 2xx with something that is not a PostSale result; worth retrying, then dead-lettered. */
    public static final class UnexpectedAnswerException extends RuntimeException {
        UnexpectedAnswerException(String message) {
            super(message);
        }
    }
}

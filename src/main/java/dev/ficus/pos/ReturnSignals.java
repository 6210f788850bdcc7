package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How a RetailTransaction says that goods came back, every way ARTS POSLog allows and vendors use; each signal that
 * made a line a return line is listed in {@code data.returnSignals}:
 * <ul>
 *   <li>{@value #RETURN_LINE}: a {@code LineItem/Return};</li>
 *   <li>{@value #NEGATIVE_QUANTITY} / {@value #NEGATIVE_AMOUNT}: a {@code Sale} with a negative {@code Quantity}
 *       or {@code ExtendedAmount} (not voided: a voided negative line is a reversal entry);</li>
 *   <li>{@value #TRANSACTION_MODE}: {@code TypeCode} or {@code TransactionType} of the Transaction or the
 *       RetailTransaction is {@code Return} or {@code Refund}: every Sale line is a return line;</li>
 *   <li>{@value #REFUND_TENDER}: every tender is {@code Tender/@TypeCode="Refund"} and no line is a
 *       {@code Return}: every Sale line is a return line.</li>
 * </ul>
 */
final class ReturnSignals {

    static final String RETURN_LINE = "return-line";
    static final String NEGATIVE_QUANTITY = "negative-quantity";
    static final String NEGATIVE_AMOUNT = "negative-amount";
    static final String TRANSACTION_MODE = "transaction-mode";
    static final String REFUND_TENDER = "refund-tender";

    private static final Set<String> MODES = Set.of("return", "refund");

    private final String mode;
    private final Set<String> found = new LinkedHashSet<>();

    private ReturnSignals(String mode) {
        this.mode = mode;
    }

    /** @return signals of a transaction not in return mode (its lines decide) */
    static ReturnSignals none() {
        return new ReturnSignals(null);
    }

    /**
     * @param tx     the Transaction
     * @param retail its RetailTransaction
     * @param ns     the POSLog namespace
     * @return the signals that hold for the whole transaction
     */
    static ReturnSignals scan(XmlNode tx, XmlNode retail, String ns) {
        for (XmlNode node : new XmlNode[] {tx, retail}) {
            for (String attr : new String[] {"TypeCode", "TransactionType"}) {
                String value = node.attr(attr);
                if (value != null && MODES.contains(value.strip().toLowerCase(Locale.ROOT))) {
                    return new ReturnSignals(TRANSACTION_MODE);
                }
            }
        }
        int refunds = 0;
        int others = 0;
        boolean returnLines = false;
        for (XmlNode li : retail.all(ns, "LineItem")) {
            if (TransactionFacts.isTrue(li.attr("VoidFlag"))) {
                continue;
            }
            returnLines |= li.child(ns, "Return") != null;
            XmlNode tender = li.child(ns, "Tender");
            if (tender != null) {
                String type = String.valueOf(tender.attr("TypeCode")).toLowerCase(Locale.ROOT);
                if (type.equals("refund")) {
                    refunds++;
                } else if (!type.equals("change") && tender.child(ns, "TenderChange") == null) {
                    others++;
                }
            }
        }
        return new ReturnSignals(refunds > 0 && others == 0 && !returnLines ? REFUND_TENDER : null);
    }

    /** @return whether every Sale line of the transaction is a return line */
    boolean transactionMode() {
        return mode != null;
    }

    /** @return the signal that makes every Sale line a return, or {@code null} */
    String mode() {
        return mode;
    }

    /** Records that a line became a return line by {@code signal}. */
    void add(String signal) {
        found.add(signal);
    }

    /** @return the signals recorded, in the order first seen */
    ArrayNode json() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        found.forEach(a::add);
        return a;
    }
}

package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads the amounts and numbers of one POSLog transaction, all in the transaction's one currency, and writes them
 * as canonical JSON: money is {@code {"amount":"12.34","currency":"USD"}}, the amount a decimal string with at least
 * 2 decimals (never rounded).
 *
 * <p>Errors: {@link PosTransactionException} {@code invalid-value} naming the element and the transaction's key,
 * when an amount is missing, is not a decimal number or is in another currency.
 *
 * @param ns       the POSLog namespace of the document
 * @param key      the transaction's idempotency key, for messages
 * @param currency ISO 4217 code of the transaction
 */
record PosValues(String ns, String key, String currency) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The transaction's currency: {@code CurrencyCode} (POSLog 2.x), else the {@code CurrencyCode} attribute of a
     * {@code Total} or the {@code Currency} attribute of a line item's {@code Amount}/{@code ExtendedAmount}
     * (6.x), else {@code defaultCurrency}.
     */
    static String currencyOf(XmlNode tx, String ns, String defaultCurrency) {
        String code = tx.childText(ns, "CurrencyCode");
        if (code != null) {
            return code;
        }
        XmlNode retail = tx.child(ns, "RetailTransaction");
        if (retail != null) {
            for (XmlNode t : retail.all(ns, "Total")) {
                if (t.attr("CurrencyCode") != null) {
                    return t.attr("CurrencyCode");
                }
            }
            for (XmlNode li : retail.all(ns, "LineItem")) {
                for (XmlNode k : li.children) {
                    XmlNode a = k.child(ns, "Amount");
                    if (a == null) {
                        a = k.child(ns, "ExtendedAmount");
                    }
                    if (a != null && a.attr("Currency") != null) {
                        return a.attr("Currency");
                    }
                }
            }
        }
        return defaultCurrency;
    }

    /**
     * @return the decimal value of {@code parent/child}
     * @throws PosTransactionException when it is missing, not a number, or its {@code Currency}/{@code CurrencyCode}
     *                                 attribute names another currency
     */
    BigDecimal amount(XmlNode parent, String child) {
        XmlNode n = parent.child(ns, child);
        if (n == null) {
            throw invalid(parent.name + "/" + child + " is missing in transaction " + key);
        }
        String cur = n.attr("Currency") != null ? n.attr("Currency") : n.attr("CurrencyCode");
        if (cur != null && !cur.equals(currency)) {
            throw invalid(parent.name + "/" + child + " is in " + cur + ", the transaction in " + currency);
        }
        return number(n.text(), child);
    }

    /** @return {@code parent/child} as in {@link #amount}, or 0 when {@code parent} has no such child */
    BigDecimal amountOrZero(XmlNode parent, String child) {
        return parent.child(ns, child) == null ? BigDecimal.ZERO : amount(parent, child);
    }

    /**
     * @param text the text, possibly {@code null}
     * @param what the element it came from, for the message
     * @throws PosTransactionException when {@code text} is not a decimal number
     */
    BigDecimal number(String text, String what) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(what + " '" + text + "' is not a decimal number in transaction " + key);
        }
    }

    /** @return {@code {"amount": plain(amount), "currency": currency}} */
    ObjectNode money(BigDecimal amount) {
        ObjectNode m = NODES.objectNode();
        m.put("amount", plain(amount));
        m.put("currency", currency);
        return m;
    }

    /** @return the amount with at least 2 decimals, e.g. {@code 1.5 -> "1.50"}, {@code 0.125 -> "0.125"} */
    static String plain(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** Sets {@code field} to {@code value} unless {@code value} is {@code null}. */
    static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private PosTransactionException invalid(String message) {
        return new PosTransactionException(PosTransactionException.INVALID_VALUE, message, key);
    }
}

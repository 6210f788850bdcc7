package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Maps the {@code Sale} and {@code Return} line items of a RetailTransaction (ARTS POSLog {@code LineItem/Sale},
 * {@code LineItem/Return}) to {@code data.lines} or {@code data.voidedLines}, their {@code RetailPriceModifier}s to
 * {@code data.discounts} (kind {@code line}) and adds them, with their {@code Tax}es, to the {@link RetailTotals}.
 *
 * <p>A line is {@code {lineNumber?, kind (sale|return), itemId?, posItemId?, description?, quantity?, unitPrice?,
 * extendedAmount, originalTransaction?}}. A line is a return line when {@link ReturnSignals} says so (a
 * {@code Return}, a Sale with a negative quantity or amount, a transaction in return mode); a return line's
 * quantity and amount are written as magnitudes and its amount counts negated; its {@code TransactionLink} is
 * its {@code originalTransaction}. A line with {@code VoidFlag="true"} goes to {@code voidedLines} with
 * {@code reversalEntry} and counts only when it is a reversal entry (its amount has the opposite sign: NCR ACS
 * writes a void as a negative copy of the line), so that the original is cancelled; its modifiers are listed but
 * do not count, its taxes do not count.
 */
final class ItemLines {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PosValues v;
    private final RetailTotals totals;
    private final ArrayNode lines;
    private final ArrayNode voidedLines;
    private final ArrayNode discounts;
    private final ReturnSignals signals;

    ItemLines(PosValues v, RetailTotals totals, ArrayNode lines, ArrayNode voidedLines, ArrayNode discounts,
              ReturnSignals signals) {
        this.v = v;
        this.totals = totals;
        this.lines = lines;
        this.voidedLines = voidedLines;
        this.discounts = discounts;
        this.signals = signals;
    }

    /**
     * @param item         the {@code Sale} or {@code Return} element
     * @param returnElement whether it is a {@code Return}
     * @param voided       the line item's {@code VoidFlag}
     * @param lineNo       the line item's {@code SequenceNumber}, or {@code null}
     * @throws PosTransactionException when an amount or number does not parse or is in another currency
     */
    void add(XmlNode item, boolean returnElement, boolean voided, String lineNo) {
        BigDecimal amount = v.amount(item, "ExtendedAmount");
        String qtyText = item.childText(v.ns(), "Quantity");
        BigDecimal qty = qtyText == null ? null : v.number(qtyText, "Quantity");
        if (voided) {
            boolean isReturn = returnElement;
            BigDecimal signed = isReturn ? amount.negate() : amount;
            ObjectNode line = line(item, isReturn, lineNo, amount, qty);
            modifiers(item, isReturn, true, lineNo);
            taxes(item, isReturn, true);
            boolean reversal = signed.signum() < 0 != isReturn && signed.signum() != 0;
            line.put("reversalEntry", reversal);
            voidedLines.add(line);
            if (reversal) {
                totals.addReversal(signed);
            }
            return;
        }
        String signal = returnSignal(returnElement, amount, qty);
        boolean isReturn = signal != null;
        if (isReturn) {
            signals.add(signal);
            amount = amount.abs();
            qty = qty == null ? null : qty.abs();
        }
        ObjectNode line = line(item, isReturn, lineNo, amount, qty);
        XmlNode link = returnElement ? item.child(v.ns(), "TransactionLink") : null;
        if (link != null) {
            line.set("originalTransaction", TransactionFacts.link(link, v.ns()));
        }
        modifiers(item, isReturn, false, lineNo);
        taxes(item, isReturn, false);
        lines.add(line);
        totals.addLine(isReturn ? amount.negate() : amount, isReturn);
    }

    private String returnSignal(boolean returnElement, BigDecimal amount, BigDecimal qty) {
        if (returnElement) {
            return ReturnSignals.RETURN_LINE;
        }
        if (qty != null && qty.signum() < 0) {
            return ReturnSignals.NEGATIVE_QUANTITY;
        }
        if (amount.signum() < 0) {
            return ReturnSignals.NEGATIVE_AMOUNT;
        }
        return signals.mode();
    }

    private ObjectNode line(XmlNode item, boolean isReturn, String lineNo, BigDecimal amount, BigDecimal qty) {
        String ns = v.ns();
        ObjectNode line = NODES.objectNode();
        putIfPresent(line, "lineNumber", lineNo);
        line.put("kind", isReturn ? "return" : "sale");
        putIfPresent(line, "itemId", item.childText(ns, "ItemID"));
        XmlNode pos = item.child(ns, "POSIdentity");
        putIfPresent(line, "posItemId", pos == null ? null : pos.childText(ns, "POSItemID"));
        putIfPresent(line, "description", item.childText(ns, "Description"));
        if (qty != null) {
            line.put("quantity", qty.toPlainString());
        }
        if (item.child(ns, "RegularSalesUnitPrice") != null) {
            line.set("unitPrice", v.money(v.amount(item, "RegularSalesUnitPrice")));
        }
        line.set("extendedAmount", v.money(amount));
        return line;
    }

    /** Each price modifier not voided itself is a line discount (a surcharge when its Amount's Action is Add). */
    private void modifiers(XmlNode item, boolean isReturn, boolean voided, String lineNo) {
        for (XmlNode mod : item.all(v.ns(), "RetailPriceModifier")) {
            if (!TransactionFacts.isTrue(mod.attr("VoidFlag")) && mod.child(v.ns(), "Amount") != null) {
                BigDecimal d = v.amount(mod, "Amount").abs();
                boolean surcharge = AdjustmentLines.isSurcharge(mod.child(v.ns(), "Amount"));
                ObjectNode dn = discounts.addObject();
                putIfPresent(dn, "lineNumber", lineNo);
                dn.put("kind", surcharge ? "line-surcharge" : "line");
                putIfPresent(dn, "reason", mod.childText(v.ns(), "ReasonCode"));
                dn.set("amount", v.money(d));
                if (!voided && surcharge) {
                    totals.addSurcharge(isReturn ? d.negate() : d);
                } else if (!voided) {
                    totals.addDiscount(isReturn ? d.negate() : d);
                }
            }
        }
    }

    /** The line's taxes count unless the line is voided (their amounts are checked either way). */
    private void taxes(XmlNode item, boolean isReturn, boolean voided) {
        for (XmlNode tax : item.all(v.ns(), "Tax")) {
            BigDecimal t = v.amountOrZero(tax, "Amount");
            if (!voided) {
                boolean included = AdjustmentLines.includedInPrices(tax, v.ns());
                totals.addLineTax(included ? t : isReturn ? t.abs().negate() : t, included);
            }
        }
    }
}

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
 * extendedAmount}}; a Return line's amounts count negated. A line with {@code VoidFlag="true"} goes to
 * {@code voidedLines} with {@code reversalEntry} and counts only when it is a reversal entry (its amount has the
 * opposite sign: NCR ACS writes a void as a negative copy of the line), so that the original is cancelled; its
 * modifiers are listed but do not count, its taxes do not count.
 */
final class ItemLines {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PosValues v;
    private final RetailTotals totals;
    private final ArrayNode lines;
    private final ArrayNode voidedLines;
    private final ArrayNode discounts;

    ItemLines(PosValues v, RetailTotals totals, ArrayNode lines, ArrayNode voidedLines, ArrayNode discounts) {
        this.v = v;
        this.totals = totals;
        this.lines = lines;
        this.voidedLines = voidedLines;
        this.discounts = discounts;
    }

    /**
     * @param item     the {@code Sale} or {@code Return} element
     * @param isReturn whether it is a {@code Return}
     * @param voided   the line item's {@code VoidFlag}
     * @param lineNo   the line item's {@code SequenceNumber}, or {@code null}
     * @throws PosTransactionException when an amount or number does not parse or is in another currency
     */
    void add(XmlNode item, boolean isReturn, boolean voided, String lineNo) {
        BigDecimal amount = v.amount(item, "ExtendedAmount");
        BigDecimal signed = isReturn ? amount.negate() : amount;
        ObjectNode line = line(item, isReturn, lineNo, amount);
        modifiers(item, isReturn, voided, lineNo);
        taxes(item, isReturn, voided);
        if (voided) {
            boolean reversal = signed.signum() < 0 != isReturn && signed.signum() != 0;
            line.put("reversalEntry", reversal);
            voidedLines.add(line);
            if (reversal) {
                totals.addReversal(signed);
            }
        } else {
            lines.add(line);
            totals.addLine(signed, isReturn);
        }
    }

    private ObjectNode line(XmlNode item, boolean isReturn, String lineNo, BigDecimal amount) {
        String ns = v.ns();
        ObjectNode line = NODES.objectNode();
        putIfPresent(line, "lineNumber", lineNo);
        line.put("kind", isReturn ? "return" : "sale");
        putIfPresent(line, "itemId", item.childText(ns, "ItemID"));
        XmlNode pos = item.child(ns, "POSIdentity");
        putIfPresent(line, "posItemId", pos == null ? null : pos.childText(ns, "POSItemID"));
        putIfPresent(line, "description", item.childText(ns, "Description"));
        String qty = item.childText(ns, "Quantity");
        if (qty != null) {
            line.put("quantity", v.number(qty, "Quantity").toPlainString());
        }
        if (item.child(ns, "RegularSalesUnitPrice") != null) {
            line.set("unitPrice", v.money(v.amount(item, "RegularSalesUnitPrice")));
        }
        line.set("extendedAmount", v.money(amount));
        return line;
    }

    /** Each price modifier not voided itself is a line discount; it counts unless the line is voided. */
    private void modifiers(XmlNode item, boolean isReturn, boolean voided, String lineNo) {
        for (XmlNode mod : item.all(v.ns(), "RetailPriceModifier")) {
            if (!"true".equalsIgnoreCase(mod.attr("VoidFlag")) && mod.child(v.ns(), "Amount") != null) {
                BigDecimal d = v.amount(mod, "Amount").abs();
                ObjectNode dn = discounts.addObject();
                putIfPresent(dn, "lineNumber", lineNo);
                dn.put("kind", "line");
                putIfPresent(dn, "reason", mod.childText(v.ns(), "ReasonCode"));
                dn.set("amount", v.money(d));
                if (!voided) {
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
                totals.addLineTax(included || !isReturn ? t : t.negate(), included);
            }
        }
    }
}

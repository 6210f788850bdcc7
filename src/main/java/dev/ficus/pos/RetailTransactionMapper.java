package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Maps a POSLog {@code RetailTransaction} into the event's {@code data}: {@code lines}, {@code voidedLines},
 * {@code discounts}, {@code taxes}, {@code tenders} (always present, possibly empty, in this order), then
 * {@code totals} and {@code totalsCheck}, then, for a transaction with return lines, {@code returnSignals}
 * ({@link ReturnSignals}) and {@code originalTransaction} when it links one ({@link TransactionFacts}). Line items
 * are read in document order; a Sale or Return line goes to {@link ItemLines}; any other line item with
 * {@code VoidFlag="true"} is skipped, else its Discount, Surcharge, Rounding, LoyaltyReward and Tax go to
 * {@link AdjustmentLines} and its Tender to {@link TenderLines}. A {@code Total[@TotalType='RoundingAmount']}
 * counts as rounding when no line item rounds. The cross-check is {@link RetailTotals}'s.
 */
final class RetailTransactionMapper {

    /**
     * What the event type depends on.
     *
     * @param saleLines   Sale lines that count (not voided, not returns)
     * @param returnLines return lines that count (not voided)
     * @param balanced    whether the totals cross-check held
     */
    record Result(int saleLines, int returnLines, boolean balanced) {
    }

    private RetailTransactionMapper() {
    }

    /**
     * @param tx     the {@code Transaction} element
     * @param retail its {@code RetailTransaction} element
     * @param v      the transaction's values (namespace, key, currency)
     * @param data   the event's {@code data}, to which the members above are appended
     * @return the line counts and the cross-check's outcome
     * @throws PosTransactionException when an amount or number does not parse or is in another currency
     */
    static Result map(XmlNode tx, XmlNode retail, PosValues v, ObjectNode data) {
        ArrayNode lines = data.putArray("lines");
        ArrayNode voidedLines = data.putArray("voidedLines");
        ArrayNode discounts = data.putArray("discounts");
        ArrayNode taxes = data.putArray("taxes");
        ArrayNode tenders = data.putArray("tenders");
        String ns = v.ns();
        RetailTotals totals = new RetailTotals();
        ReturnSignals signals = ReturnSignals.scan(tx, retail, ns);
        if (signals.transactionMode()) {
            totals.refundMagnitudes();
        }
        ItemLines items = new ItemLines(v, totals, lines, voidedLines, discounts, signals);
        AdjustmentLines adjustments = new AdjustmentLines(v, totals, discounts, taxes,
                signals.transactionMode());
        TenderLines tenderLines = new TenderLines(v, totals, tenders);
        for (XmlNode li : retail.all(ns, "LineItem")) {
            boolean voided = TransactionFacts.isTrue(li.attr("VoidFlag"));
            String lineNo = li.childText(ns, "SequenceNumber");
            XmlNode sale = li.child(ns, "Sale");
            XmlNode ret = li.child(ns, "Return");
            if (sale != null || ret != null) {
                items.add(sale != null ? sale : ret, sale == null, voided, lineNo);
            } else if (!voided) {
                adjustments.add(li, lineNo);
                XmlNode tender = li.child(ns, "Tender");
                if (tender != null) {
                    tenderLines.add(tender, lineNo);
                }
            }
        }
        BigDecimal rounding = total(retail, v, "RoundingAmount");
        if (rounding != null && rounding.signum() != 0 && !totals.hasRounding()) {
            totals.addRounding(rounding);
        }
        boolean balanced = totals.writeTo(data, total(retail, v, "TransactionGrandAmount"), v);
        if (totals.returnLines() > 0) {
            data.set("returnSignals", signals.json());
            ObjectNode original = TransactionFacts.originalTransaction(tx, retail, ns);
            if (original != null) {
                data.set("originalTransaction", original);
            }
        }
        return new Result(totals.saleLines(), totals.returnLines(), balanced);
    }

    /** @return the last {@code Total[@TotalType=type]}, or {@code null} */
    private static BigDecimal total(XmlNode retail, PosValues v, String type) {
        BigDecimal total = null;
        for (XmlNode t : retail.all(v.ns(), "Total")) {
            if (type.equals(t.attr("TotalType"))) {
                total = v.number(t.text(), "Total");
            }
        }
        return total;
    }
}

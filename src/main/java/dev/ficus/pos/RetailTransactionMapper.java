package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Maps a POSLog {@code RetailTransaction} into the event's {@code data}: {@code lines}, {@code voidedLines},
 * {@code discounts}, {@code taxes}, {@code tenders} (always present, possibly empty, in this order), then
 * {@code totals} and {@code totalsCheck}. Line items are read in document order; a Sale or Return line goes to
 * {@link ItemLines}; any other line item with {@code VoidFlag="true"} is skipped, else its Discount, LoyaltyReward
 * and Tax go to {@link AdjustmentLines} and its Tender to {@link TenderLines}. The cross-check is
 * {@link RetailTotals}'s.
 */
final class RetailTransactionMapper {

    /**
     * What the event type depends on.
     *
     * @param saleLines   Sale lines that count (not voided)
     * @param returnLines Return lines that count (not voided)
     * @param balanced    whether the totals cross-check held
     */
    record Result(int saleLines, int returnLines, boolean balanced) {
    }

    private RetailTransactionMapper() {
    }

    /**
     * @param retail the {@code RetailTransaction} element
     * @param v      the transaction's values (namespace, key, currency)
     * @param data   the event's {@code data}, to which the members above are appended
     * @return the line counts and the cross-check's outcome
     * @throws PosTransactionException when an amount or number does not parse or is in another currency
     */
    static Result map(XmlNode retail, PosValues v, ObjectNode data) {
        ArrayNode lines = data.putArray("lines");
        ArrayNode voidedLines = data.putArray("voidedLines");
        ArrayNode discounts = data.putArray("discounts");
        ArrayNode taxes = data.putArray("taxes");
        ArrayNode tenders = data.putArray("tenders");
        RetailTotals totals = new RetailTotals();
        ItemLines items = new ItemLines(v, totals, lines, voidedLines, discounts);
        AdjustmentLines adjustments = new AdjustmentLines(v, totals, discounts, taxes);
        TenderLines tenderLines = new TenderLines(v, totals, tenders);
        String ns = v.ns();
        for (XmlNode li : retail.all(ns, "LineItem")) {
            boolean voided = "true".equalsIgnoreCase(li.attr("VoidFlag"));
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
        boolean balanced = totals.writeTo(data, grandTotal(retail, v), v);
        return new Result(totals.saleLines(), totals.returnLines(), balanced);
    }

    /** @return the last {@code Total[@TotalType='TransactionGrandAmount']}, or {@code null} */
    private static BigDecimal grandTotal(XmlNode retail, PosValues v) {
        BigDecimal total = null;
        for (XmlNode t : retail.all(v.ns(), "Total")) {
            if ("TransactionGrandAmount".equals(t.attr("TotalType"))) {
                total = v.number(t.text(), "Total");
            }
        }
        return total;
    }
}

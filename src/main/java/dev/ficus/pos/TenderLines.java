package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Maps a {@code Tender} line item of a RetailTransaction to {@code data.tenders}
 * ({@code {lineNumber?, type?, tenderId?, typeCode?, amount, change?}}) and adds it to the {@link RetailTotals}.
 * Amounts are signed: what the customer paid is positive, what the store paid out negative.
 *
 * <ul>
 *   <li>a tender's {@code Amount} is tendered; the absolute value of its {@code TenderChange/Amount} is change;</li>
 *   <li>a Tender whose Amount equals its TenderChange (the change line NCR ACS writes) counts as change only, with
 *       amount 0;</li>
 *   <li>{@code TypeCode="Change"} (ARTS: change given back as a tender of its own): its absolute Amount is change,
 *       with amount 0;</li>
 *   <li>{@code TypeCode="Refund"}: money paid out on a return; its Amount counts negative whatever sign it is
 *       written with.</li>
 * </ul>
 */
final class TenderLines {

    private final PosValues v;
    private final RetailTotals totals;
    private final ArrayNode tenders;

    TenderLines(PosValues v, RetailTotals totals, ArrayNode tenders) {
        this.v = v;
        this.totals = totals;
        this.tenders = tenders;
    }

    /**
     * @param tender the {@code Tender} element of a line item without {@code VoidFlag="true"}
     * @param lineNo the line item's {@code SequenceNumber}, or {@code null}
     * @throws PosTransactionException when an amount does not parse or is in another currency
     */
    void add(XmlNode tender, String lineNo) {
        BigDecimal amount = v.amountOrZero(tender, "Amount");
        String typeCode = tender.attr("TypeCode");
        XmlNode tc = tender.child(v.ns(), "TenderChange");
        BigDecimal change = tc == null || tc.child(v.ns(), "Amount") == null ? null : v.amount(tc, "Amount");
        boolean changeTender = "change".equalsIgnoreCase(typeCode);
        if (changeTender) {
            change = change == null ? amount.abs() : change.add(amount.abs());
            amount = BigDecimal.ZERO;
        } else if ("refund".equalsIgnoreCase(typeCode)) {
            amount = amount.abs().negate();
        }
        ObjectNode tn = tenders.addObject();
        putIfPresent(tn, "lineNumber", lineNo);
        putIfPresent(tn, "type", tender.attr("TenderType"));
        putIfPresent(tn, "tenderId", tender.childText(v.ns(), "TenderID"));
        if (changeTender || "refund".equalsIgnoreCase(typeCode)) {
            tn.put("typeCode", changeTender ? "change" : "refund");
        }
        boolean changeLine = change != null && change.compareTo(amount) == 0;
        tn.set("amount", v.money(changeLine ? BigDecimal.ZERO : amount));
        if (change != null) {
            tn.set("change", v.money(change.abs()));
            totals.addChange(change.abs());
        }
        if (!changeLine) {
            totals.addTendered(amount);
        }
    }
}

package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Maps the line items of a RetailTransaction that adjust its total: a transaction {@code Discount} or surcharge, an
 * NCR ACS monetary loyalty reward, a {@code Tax} line item and a rounding line, to {@code data.discounts} and
 * {@code data.taxes}, and adds them to the {@link RetailTotals}. Voided line items never get here.
 *
 * <ul>
 *   <li>{@code Discount/Amount}: {@code {lineNumber?, kind: "transaction", reason?, amount}}, its absolute value
 *       counts; with {@code Amount/@Action="Add"} it is a surcharge ({@code kind: "surcharge"}) and raises the
 *       total, as does a {@code Surcharge/Amount} line item (the Ficus name dialects rename a vendor's fee to);</li>
 *   <li>{@code Rounding/Amount}: signed (positive rounds the total up), counts as {@code totals.rounding};</li>
 *   <li>{@code LoyaltyReward} with {@code acs:RewardCategory=Monetary} and {@code acs:summarizedActivity="true"}
 *       (NCR ACS POSLog 2.1 dialect, {@value PosEventMapper#NS_ACS}): {@code {lineNumber?, kind: "loyalty",
 *       promotionId?, reason?, amount}}, the negated {@code acs:ExtendedRewardAmount} counts;</li>
 *   <li>{@code Tax}: {@code {authority?, reason?, percent?, taxableAmount?, amount, includedInPrices}}; VAT already
 *       included in the prices ({@code TaxableAmount/@TaxIncludedInTaxableAmountFlag="true"}) is reported, not
 *       added.</li>
 * </ul>
 */
final class AdjustmentLines {

    private final PosValues v;
    private final RetailTotals totals;
    private final ArrayNode discounts;
    private final ArrayNode taxes;
    private final boolean returnMode;

    AdjustmentLines(PosValues v, RetailTotals totals, ArrayNode discounts, ArrayNode taxes) {
        this(v, totals, discounts, taxes, false);
    }

    /**
     * @param returnMode whether the whole transaction is a return ({@link ReturnSignals#transactionMode()}): its
     *                   positive tax adds to the refund, its discounts and surcharges lower and raise the refund
     */
    AdjustmentLines(PosValues v, RetailTotals totals, ArrayNode discounts, ArrayNode taxes, boolean returnMode) {
        this.v = v;
        this.totals = totals;
        this.discounts = discounts;
        this.taxes = taxes;
        this.returnMode = returnMode;
    }

    /** @return whether an {@code Amount} element raises the total ({@code Action="Add"}) rather than lowers it */
    static boolean isSurcharge(XmlNode amount) {
        return amount != null && "add".equalsIgnoreCase(String.valueOf(amount.attr("Action")).strip());
    }

    /** @return whether the tax is already included in the prices (VAT) rather than added */
    static boolean includedInPrices(XmlNode tax, String ns) {
        XmlNode taxable = tax.child(ns, "TaxableAmount");
        return taxable != null && "true".equalsIgnoreCase(taxable.attr("TaxIncludedInTaxableAmountFlag"));
    }

    /**
     * Maps whichever of {@code Discount}, {@code LoyaltyReward} and {@code Tax} the line item holds.
     *
     * @param lineItem a {@code LineItem} without {@code VoidFlag="true"}
     * @param lineNo   its {@code SequenceNumber}, or {@code null}
     * @throws PosTransactionException when an amount or number does not parse or is in another currency
     */
    void add(XmlNode lineItem, String lineNo) {
        XmlNode discount = lineItem.child(v.ns(), "Discount");
        if (discount != null && discount.child(v.ns(), "Amount") != null) {
            discount(discount, lineNo, isSurcharge(discount.child(v.ns(), "Amount")));
        }
        XmlNode surcharge = lineItem.child(v.ns(), "Surcharge");
        if (surcharge != null && surcharge.child(v.ns(), "Amount") != null) {
            discount(surcharge, lineNo, true);
        }
        XmlNode rounding = lineItem.child(v.ns(), "Rounding");
        if (rounding != null && rounding.child(v.ns(), "Amount") != null) {
            totals.addRounding(v.amount(rounding, "Amount"));
        }
        XmlNode reward = lineItem.child(v.ns(), "LoyaltyReward");
        if (reward != null && "Monetary".equals(reward.childText(PosEventMapper.NS_ACS, "RewardCategory"))
                && "true".equalsIgnoreCase(reward.attr(PosEventMapper.NS_ACS, "summarizedActivity"))
                && reward.childText(PosEventMapper.NS_ACS, "ExtendedRewardAmount") != null) {
            loyalty(reward, lineNo);
        }
        XmlNode tax = lineItem.child(v.ns(), "Tax");
        if (tax != null) {
            tax(tax);
        }
    }

    private void discount(XmlNode discount, String lineNo, boolean surcharge) {
        BigDecimal d = v.amount(discount, "Amount").abs();
        ObjectNode dn = discounts.addObject();
        putIfPresent(dn, "lineNumber", lineNo);
        dn.put("kind", surcharge ? "surcharge" : "transaction");
        putIfPresent(dn, "reason", discount.childText(v.ns(), "ReasonCode"));
        dn.set("amount", v.money(d));
        BigDecimal counted = returnMode ? d.negate() : d;
        if (surcharge) {
            totals.addSurcharge(counted);
        } else {
            totals.addDiscount(counted);
        }
    }

    private void loyalty(XmlNode reward, String lineNo) {
        BigDecimal d = v.number(reward.childText(PosEventMapper.NS_ACS, "ExtendedRewardAmount"),
                "ExtendedRewardAmount").negate();
        ObjectNode dn = discounts.addObject();
        putIfPresent(dn, "lineNumber", lineNo);
        dn.put("kind", "loyalty");
        putIfPresent(dn, "promotionId", reward.childText(v.ns(), "PromotionID"));
        putIfPresent(dn, "reason", reward.childText(PosEventMapper.NS_ACS, "RewardType"));
        dn.set("amount", v.money(d));
        totals.addDiscount(d);
    }

    private void tax(XmlNode tax) {
        String ns = v.ns();
        BigDecimal t = v.amountOrZero(tax, "Amount");
        ObjectNode tn = taxes.addObject();
        putIfPresent(tn, "authority", tax.childText(ns, "TaxAuthority"));
        putIfPresent(tn, "reason", tax.childText(ns, "Reason"));
        String pct = tax.childText(ns, "Percent");
        if (pct != null) {
            tn.put("percent", v.number(pct, "Percent").toPlainString());
        }
        if (tax.child(ns, "TaxableAmount") != null) {
            tn.set("taxableAmount", v.money(v.amount(tax, "TaxableAmount")));
        }
        tn.set("amount", v.money(t));
        boolean included = includedInPrices(tax, ns);
        tn.put("includedInPrices", included);
        totals.addSummaryTax(returnMode && !included ? t.abs().negate() : t, included);
    }
}

package dev.ficus.pos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The running sums of one RetailTransaction and its totals cross-check, flagged in {@code data.totalsCheck} and
 * never corrected (an imbalance is reported, not refused): {@code lines - discounts + surcharges + tax + rounding =
 * total} (rule {@code lines-discounts+tax=total}) and {@code tendered - change = total}. Which line items add what
 * is decided by the line mappers ({@link ItemLines}, {@link AdjustmentLines}, {@link TenderLines}); tax is the Σ of
 * Tax line items when there is any, else the Σ of the Tax of the Sale and Return lines; tax included in the prices
 * (VAT) is reported, never added. All sums are exact decimals, whatever number of decimals the till wrote.
 */
final class RetailTotals {

    private BigDecimal lines = BigDecimal.ZERO;
    private BigDecimal discounts = BigDecimal.ZERO;
    private BigDecimal surcharges;
    private BigDecimal rounding;
    private BigDecimal summaryTax = BigDecimal.ZERO;
    private BigDecimal summaryTaxIncluded = BigDecimal.ZERO;
    private boolean hasSummaryTax;
    private BigDecimal lineTax = BigDecimal.ZERO;
    private BigDecimal lineTaxIncluded = BigDecimal.ZERO;
    private BigDecimal tendered = BigDecimal.ZERO;
    private BigDecimal change = BigDecimal.ZERO;
    private boolean refundMagnitudes;
    private int saleLines;
    private int returnLines;

    /** A Sale or Return line that counts ({@code signed} = its amount, negated for a Return). */
    void addLine(BigDecimal signed, boolean isReturn) {
        lines = lines.add(signed);
        if (isReturn) {
            returnLines++;
        } else {
            saleLines++;
        }
    }

    /**
     * The transaction is a return by its mode or its refund tenders ({@link ReturnSignals#transactionMode()}): a
     * positive grand total is then the amount refunded, read negated.
     */
    void refundMagnitudes() {
        refundMagnitudes = true;
    }

    /** A voided line's reversal entry: its amount counts (it cancels the original), the line itself does not. */
    void addReversal(BigDecimal signed) {
        lines = lines.add(signed);
    }

    /** A discount, positive when it lowers the total. */
    void addDiscount(BigDecimal amount) {
        discounts = discounts.add(amount);
    }

    /** A surcharge (fee), positive when it raises the total; reported as {@code totals.surcharges}. */
    void addSurcharge(BigDecimal amount) {
        surcharges = surcharges == null ? amount : surcharges.add(amount);
    }

    /** A rounding amount, signed (positive rounds up); reported as {@code totals.rounding}. */
    void addRounding(BigDecimal amount) {
        rounding = rounding == null ? amount : rounding.add(amount);
    }

    /** @return whether a rounding amount was added */
    boolean hasRounding() {
        return rounding != null;
    }

    /**
     * The Tax of a Sale or Return line: added to the total, or only reported when included in the prices.
     *
     * @param amount as it counts (the caller negates the added tax of a Return line)
     */
    void addLineTax(BigDecimal amount, boolean includedInPrices) {
        if (includedInPrices) {
            lineTaxIncluded = lineTaxIncluded.add(amount);
        } else {
            lineTax = lineTax.add(amount);
        }
    }

    /** A Tax line item; once there is one, the taxes of the lines no longer count. */
    void addSummaryTax(BigDecimal amount, boolean includedInPrices) {
        hasSummaryTax = true;
        if (includedInPrices) {
            summaryTaxIncluded = summaryTaxIncluded.add(amount);
        } else {
            summaryTax = summaryTax.add(amount);
        }
    }

    /** A Tender amount that was paid. */
    void addTendered(BigDecimal amount) {
        tendered = tendered.add(amount);
    }

    /** Change given back, as a positive amount. */
    void addChange(BigDecimal amount) {
        change = change.add(amount);
    }

    int saleLines() {
        return saleLines;
    }

    int returnLines() {
        return returnLines;
    }

    /** @return the tax added to the total */
    BigDecimal tax() {
        return hasSummaryTax ? summaryTax : lineTax;
    }

    /** @return the tax already included in the prices (reported, not added) */
    BigDecimal taxIncludedInPrices() {
        return hasSummaryTax ? summaryTaxIncluded : lineTaxIncluded;
    }

    /**
     * Writes {@code data.totals} ({@code lines, discounts, surcharges?, tax, rounding?, taxIncludedInPrices, total?,
     * tendered, change}, each money; surcharges and rounding only when the transaction has them) and
     * {@code data.totalsCheck} ({@code mismatches[]} of {@code {rule, computed, total}} (computed: what the lines
     * add up to; total: the expected amount as the till wrote it) or {@code {rule, detail}}, {@code balanced}, and
     * {@code totalReadAsRefund: true} when the positive total of a return by mode or refund tender was read as
     * money paid out).
     *
     * @param data  the event's {@code data}
     * @param total {@code Total[@TotalType='TransactionGrandAmount']}, {@code null} when absent (a mismatch)
     * @param v     the transaction's values, for money
     * @return whether both rules held
     */
    boolean writeTo(ObjectNode data, BigDecimal total, PosValues v) {
        boolean negated = false;
        if (refundMagnitudes && total != null && total.signum() > 0 && saleLines == 0 && returnLines > 0) {
            total = total.negate();
            negated = true;
        }
        BigDecimal computed = lines.subtract(discounts).add(orZero(surcharges)).add(tax()).add(orZero(rounding));
        ObjectNode totals = data.putObject("totals");
        totals.set("lines", v.money(lines));
        totals.set("discounts", v.money(discounts));
        if (surcharges != null) {
            totals.set("surcharges", v.money(surcharges));
        }
        totals.set("tax", v.money(tax()));
        if (rounding != null) {
            totals.set("rounding", v.money(rounding));
        }
        totals.set("taxIncludedInPrices", v.money(taxIncludedInPrices()));
        if (total != null) {
            totals.set("total", v.money(total));
        }
        totals.set("tendered", v.money(tendered));
        totals.set("change", v.money(change));
        ObjectNode check = data.putObject("totalsCheck");
        ArrayNode mismatches = check.putArray("mismatches");
        if (total == null) {
            mismatches.addObject().put("rule", "total-present").put("detail",
                    "no Total with TotalType=TransactionGrandAmount");
        } else {
            compare(mismatches, "lines-discounts+tax=total", computed, total);
            compare(mismatches, "tendered-change=total", tendered.subtract(change), total);
        }
        boolean balanced = mismatches.isEmpty();
        check.put("balanced", balanced);
        if (negated) {
            check.put("totalReadAsRefund", true);
        }
        return balanced;
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static void compare(ArrayNode mismatches, String rule, BigDecimal computed, BigDecimal total) {
        if (computed.compareTo(total) != 0) {
            mismatches.addObject().put("rule", rule)
                    .put("computed", PosValues.plain(computed)).put("total", PosValues.plain(total));
        }
    }
}

package dev.ficus.pos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Maps one POSLog {@code Transaction} (ARTS POSLog 2.x/6.x) to a canonical CloudEvents 1.0 event.
 *
 * <p>Types: {@value #SALE}, {@value #RETURN} (only return lines), {@value #VOIDED} ({@code CancelFlag} or
 * {@code TransactionStatus} Voided/Cancelled) and {@value #CONTROL} (ControlTransaction: sign-on, sign-off,
 * no-sale/till open, till close, ...). The event {@code id} is a name-based UUID of the idempotency key, so a
 * re-sent transaction always has the same id; {@code source} is {@code /ficus/pos/<store>/<workstation>};
 * {@code subject} the key; {@code time} the transaction's end time when it carries an offset.
 *
 * <p>Money is {@code {"amount":"12.34","currency":"USD"}}, the amount a decimal string with at least 2 decimals,
 * the currency from {@code CurrencyCode} (2.x) or the amounts' {@code Currency}/{@code CurrencyCode} attributes
 * (6.x), else {@code pos.default-currency}.
 *
 * <p>Totals cross-check of a retail transaction (flagged in {@code data.totalsCheck}, never corrected):
 * {@code lines - discounts + tax = total} and {@code tendered - change = total}, where
 * <ul>
 *   <li>lines = Σ ExtendedAmount of Sale lines (Return lines negated); a line with {@code VoidFlag="true"} is
 *       listed under {@code voidedLines} and left out, except a reversal entry (its amount has the opposite sign:
 *       NCR ACS writes a void as a negative copy of the line), which counts so the original is cancelled;</li>
 *   <li>discounts = Σ RetailPriceModifier/Amount of lines + Σ Discount/Amount line items + NCR ACS monetary
 *       loyalty rewards ({@code acs:RewardCategory=Monetary}, {@code acs:summarizedActivity="true"}, the negated
 *       {@code acs:ExtendedRewardAmount});</li>
 *   <li>tax = Σ Tax line items (else Σ Tax of the Sale lines) whose TaxableAmount is not
 *       {@code TaxIncludedInTaxableAmountFlag="true"}: VAT already included in the prices is reported, not added;</li>
 *   <li>total = {@code Total[@TotalType='TransactionGrandAmount']};</li>
 *   <li>tendered = Σ Tender/Amount, change = Σ |TenderChange/Amount|; a Tender line whose Amount equals its
 *       TenderChange (the change line NCR ACS writes) counts as change only.</li>
 * </ul>
 *
 * <p>Errors: {@link PosTransactionException} with {@code missing-ids}, {@code invalid-value} or
 * {@code unsupported-transaction}.
 */
public final class PosEventMapper {

    /** A completed sale. */
    public static final String SALE = "retail.pos.sale-completed";
    /** A completed return (refund). */
    public static final String RETURN = "retail.pos.return-completed";
    /** A transaction voided (cancelled) as a whole. */
    public static final String VOIDED = "retail.pos.transaction-voided";
    /** A control transaction: sign-on/off, till open/close, no-sale. */
    public static final String CONTROL = "retail.pos.control";

    /** NCR ACS extension namespace (POSLog 2.1 dialect). */
    static final String NS_ACS = "http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultCurrency;

    /** @param defaultCurrency ISO 4217 code used when a transaction names none, e.g. {@code USD} */
    public PosEventMapper(String defaultCurrency) {
        this.defaultCurrency = defaultCurrency;
    }

    /**
     * @param tx the {@code Transaction} element
     * @param ns the POSLog namespace of the document
     * @return the event
     * @throws PosTransactionException when the transaction cannot be mapped
     */
    PosEvent map(XmlNode tx, String ns) {
        String store = tx.childText(ns, "RetailStoreID");
        if (store == null) {
            XmlNode bu = tx.child(ns, "BusinessUnit");
            store = bu == null ? null : bu.childText(ns, "UnitID");
        }
        String workstation = tx.childText(ns, "WorkstationID");
        String sequence = tx.childText(ns, "SequenceNumber");
        String day = tx.childText(ns, "BusinessDayDate");
        List<String> missing = new ArrayList<>();
        if (store == null) {
            missing.add("RetailStoreID/BusinessUnit");
        }
        if (workstation == null) {
            missing.add("WorkstationID");
        }
        if (sequence == null) {
            missing.add("SequenceNumber");
        }
        if (day == null) {
            missing.add("BusinessDayDate");
        }
        if (!missing.isEmpty()) {
            throw new PosTransactionException(PosTransactionException.MISSING_IDS,
                    "transaction" + (sequence == null ? "" : " " + sequence) + " lacks " + String.join(", ", missing),
                    null);
        }
        String key = store + "/" + workstation + "/" + day + "/" + sequence;
        try {
            LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    "BusinessDayDate '" + day + "' is not an ISO date", key);
        }
        Context c = new Context(ns, key, currencyOf(tx, ns));

        ObjectNode data = JSON.createObjectNode();
        data.put("storeId", store);
        data.put("workstationId", workstation);
        data.put("sequenceNumber", sequence);
        data.put("businessDay", day);
        putIfPresent(data, "transactionId", tx.childText(ns, "TransactionID"));
        putIfPresent(data, "operatorId", tx.childText(ns, "OperatorID"));
        putIfPresent(data, "beginDateTime", tx.childText(ns, "BeginDateTime"));
        putIfPresent(data, "endDateTime", tx.childText(ns, "EndDateTime"));
        data.put("currency", c.currency);

        XmlNode retail = tx.child(ns, "RetailTransaction");
        XmlNode control = tx.child(ns, "ControlTransaction");
        String type;
        boolean balanced = true;
        if (retail != null) {
            boolean voided = "true".equalsIgnoreCase(tx.attr("CancelFlag"))
                    || "true".equalsIgnoreCase(retail.attr("CancelFlag"))
                    || matches(retail.attr("TransactionStatus"), "Voided", "Cancelled", "Canceled");
            Retail r = retail(retail, c, data);
            balanced = r.balanced;
            type = voided ? VOIDED : (r.returnLines > 0 && r.saleLines == 0 ? RETURN : SALE);
        } else if (control != null) {
            type = CONTROL;
            control(control, c, data);
        } else {
            throw new PosTransactionException(PosTransactionException.UNSUPPORTED,
                    "transaction " + key + " is neither a RetailTransaction nor a ControlTransaction", key);
        }

        ObjectNode ce = JSON.createObjectNode();
        ce.put("specversion", "1.0");
        ce.put("id", UUID.nameUUIDFromBytes(("ficus-pos:" + key).getBytes(StandardCharsets.UTF_8)).toString());
        ce.put("source", "/ficus/pos/" + store + "/" + workstation);
        ce.put("type", type);
        ce.put("subject", key);
        String end = tx.childText(ns, "EndDateTime");
        if (end != null) {
            try {
                ce.put("time", OffsetDateTime.parse(end).toString());
            } catch (DateTimeParseException e) {
                // no offset in the POSLog (local time): kept only as data.endDateTime
            }
        }
        ce.put("datacontenttype", "application/json");
        ce.put("ficusposkey", key);
        ce.put("ficustotalsbalanced", balanced);
        ce.set("data", data);
        return new PosEvent(key, type, balanced, ce);
    }

    private record Context(String ns, String key, String currency) {
    }

    private static final class Retail {
        int saleLines;
        int returnLines;
        boolean balanced;
    }

    private Retail retail(XmlNode rt, Context c, ObjectNode data) {
        String ns = c.ns;
        Retail r = new Retail();
        ArrayNode lines = data.putArray("lines");
        ArrayNode voidedLines = data.putArray("voidedLines");
        ArrayNode discounts = data.putArray("discounts");
        ArrayNode taxes = data.putArray("taxes");
        ArrayNode tenders = data.putArray("tenders");
        BigDecimal lineSum = BigDecimal.ZERO;
        BigDecimal discountSum = BigDecimal.ZERO;
        BigDecimal taxSummary = BigDecimal.ZERO;
        BigDecimal taxOfLines = BigDecimal.ZERO;
        BigDecimal taxIncluded = BigDecimal.ZERO;
        BigDecimal taxIncludedOfLines = BigDecimal.ZERO;
        boolean summaryTax = false;
        BigDecimal tendered = BigDecimal.ZERO;
        BigDecimal change = BigDecimal.ZERO;

        for (XmlNode li : rt.all(ns, "LineItem")) {
            boolean voidFlag = "true".equalsIgnoreCase(li.attr("VoidFlag"));
            String lineNo = li.childText(ns, "SequenceNumber");
            XmlNode sale = li.child(ns, "Sale");
            XmlNode ret = li.child(ns, "Return");
            XmlNode item = sale != null ? sale : ret;
            if (item != null) {
                boolean isReturn = item == ret;
                BigDecimal amount = amount(item, "ExtendedAmount", c);
                BigDecimal signed = isReturn ? amount.negate() : amount;
                ObjectNode line = JSON.createObjectNode();
                putIfPresent(line, "lineNumber", lineNo);
                line.put("kind", isReturn ? "return" : "sale");
                putIfPresent(line, "itemId", item.childText(ns, "ItemID"));
                XmlNode pos = item.child(ns, "POSIdentity");
                putIfPresent(line, "posItemId", pos == null ? null : pos.childText(ns, "POSItemID"));
                putIfPresent(line, "description", item.childText(ns, "Description"));
                String qty = item.childText(ns, "Quantity");
                if (qty != null) {
                    line.put("quantity", number(qty, "Quantity", c).toPlainString());
                }
                if (item.child(ns, "RegularSalesUnitPrice") != null) {
                    line.set("unitPrice", money(amount(item, "RegularSalesUnitPrice", c), c));
                }
                line.set("extendedAmount", money(amount, c));
                for (XmlNode mod : item.all(ns, "RetailPriceModifier")) {
                    if (!"true".equalsIgnoreCase(mod.attr("VoidFlag")) && mod.child(ns, "Amount") != null) {
                        BigDecimal d = amount(mod, "Amount", c).abs();
                        ObjectNode dn = discounts.addObject();
                        putIfPresent(dn, "lineNumber", lineNo);
                        dn.put("kind", "line");
                        putIfPresent(dn, "reason", mod.childText(ns, "ReasonCode"));
                        dn.set("amount", money(d, c));
                        if (!voidFlag) {
                            discountSum = discountSum.add(isReturn ? d.negate() : d);
                        }
                    }
                }
                for (XmlNode tax : item.all(ns, "Tax")) {
                    BigDecimal t = tax.child(ns, "Amount") == null ? BigDecimal.ZERO : amount(tax, "Amount", c);
                    if (!voidFlag) {
                        if (included(tax, ns)) {
                            taxIncludedOfLines = taxIncludedOfLines.add(t);
                        } else {
                            taxOfLines = taxOfLines.add(isReturn ? t.negate() : t);
                        }
                    }
                }
                if (voidFlag) {
                    boolean reversal = signed.signum() < 0 != isReturn && signed.signum() != 0;
                    line.put("reversalEntry", reversal);
                    voidedLines.add(line);
                    if (reversal) {
                        lineSum = lineSum.add(signed);
                    }
                } else {
                    lines.add(line);
                    lineSum = lineSum.add(signed);
                    if (isReturn) {
                        r.returnLines++;
                    } else {
                        r.saleLines++;
                    }
                }
                continue;
            }
            if (voidFlag) {
                continue;
            }
            XmlNode discount = li.child(ns, "Discount");
            if (discount != null && discount.child(ns, "Amount") != null) {
                BigDecimal d = amount(discount, "Amount", c).abs();
                ObjectNode dn = discounts.addObject();
                putIfPresent(dn, "lineNumber", lineNo);
                dn.put("kind", "transaction");
                putIfPresent(dn, "reason", discount.childText(ns, "ReasonCode"));
                dn.set("amount", money(d, c));
                discountSum = discountSum.add(d);
            }
            XmlNode reward = li.child(ns, "LoyaltyReward");
            if (reward != null && "Monetary".equals(reward.childText(NS_ACS, "RewardCategory"))
                    && "true".equalsIgnoreCase(reward.attr(NS_ACS, "summarizedActivity"))
                    && reward.childText(NS_ACS, "ExtendedRewardAmount") != null) {
                BigDecimal d = number(reward.childText(NS_ACS, "ExtendedRewardAmount"), "ExtendedRewardAmount", c)
                        .negate();
                ObjectNode dn = discounts.addObject();
                putIfPresent(dn, "lineNumber", lineNo);
                dn.put("kind", "loyalty");
                putIfPresent(dn, "promotionId", reward.childText(ns, "PromotionID"));
                putIfPresent(dn, "reason", reward.childText(NS_ACS, "RewardType"));
                dn.set("amount", money(d, c));
                discountSum = discountSum.add(d);
            }
            XmlNode tax = li.child(ns, "Tax");
            if (tax != null) {
                summaryTax = true;
                BigDecimal t = tax.child(ns, "Amount") == null ? BigDecimal.ZERO : amount(tax, "Amount", c);
                ObjectNode tn = taxes.addObject();
                putIfPresent(tn, "authority", tax.childText(ns, "TaxAuthority"));
                putIfPresent(tn, "reason", tax.childText(ns, "Reason"));
                String pct = tax.childText(ns, "Percent");
                if (pct != null) {
                    tn.put("percent", number(pct, "Percent", c).toPlainString());
                }
                if (tax.child(ns, "TaxableAmount") != null) {
                    tn.set("taxableAmount", money(amount(tax, "TaxableAmount", c), c));
                }
                tn.set("amount", money(t, c));
                boolean inc = included(tax, ns);
                tn.put("includedInPrices", inc);
                if (inc) {
                    taxIncluded = taxIncluded.add(t);
                } else {
                    taxSummary = taxSummary.add(t);
                }
            }
            XmlNode tender = li.child(ns, "Tender");
            if (tender != null) {
                BigDecimal amt = tender.child(ns, "Amount") == null ? BigDecimal.ZERO : amount(tender, "Amount", c);
                XmlNode tc = tender.child(ns, "TenderChange");
                BigDecimal chg = tc == null || tc.child(ns, "Amount") == null ? null : amount(tc, "Amount", c);
                ObjectNode tn = tenders.addObject();
                putIfPresent(tn, "lineNumber", lineNo);
                putIfPresent(tn, "type", tender.attr("TenderType"));
                putIfPresent(tn, "tenderId", tender.childText(ns, "TenderID"));
                boolean changeLine = chg != null && chg.compareTo(amt) == 0;
                tn.set("amount", money(changeLine ? BigDecimal.ZERO : amt, c));
                if (chg != null) {
                    tn.set("change", money(chg.abs(), c));
                    change = change.add(chg.abs());
                }
                if (!changeLine) {
                    tendered = tendered.add(amt);
                }
            }
        }
        BigDecimal tax = summaryTax ? taxSummary : taxOfLines;
        if (!summaryTax) {
            taxIncluded = taxIncludedOfLines;
        }
        BigDecimal total = null;
        for (XmlNode t : rt.all(ns, "Total")) {
            if ("TransactionGrandAmount".equals(t.attr("TotalType"))) {
                total = number(t.text(), "Total", c);
            }
        }
        ObjectNode totals = data.putObject("totals");
        totals.set("lines", money(lineSum, c));
        totals.set("discounts", money(discountSum, c));
        totals.set("tax", money(tax, c));
        totals.set("taxIncludedInPrices", money(taxIncluded, c));
        if (total != null) {
            totals.set("total", money(total, c));
        }
        totals.set("tendered", money(tendered, c));
        totals.set("change", money(change, c));
        ObjectNode check = data.putObject("totalsCheck");
        ArrayNode mismatches = check.putArray("mismatches");
        if (total == null) {
            mismatches.addObject().put("rule", "total-present").put("detail",
                    "no Total with TotalType=TransactionGrandAmount");
        } else {
            BigDecimal computed = lineSum.subtract(discountSum).add(tax);
            if (computed.compareTo(total) != 0) {
                mismatches.addObject().put("rule", "lines-discounts+tax=total")
                        .put("computed", plain(computed)).put("total", plain(total));
            }
            BigDecimal paid = tendered.subtract(change);
            if (paid.compareTo(total) != 0) {
                mismatches.addObject().put("rule", "tendered-change=total")
                        .put("computed", plain(paid)).put("total", plain(total));
            }
        }
        r.balanced = mismatches.isEmpty();
        check.put("balanced", r.balanced);
        return r;
    }

    private void control(XmlNode ct, Context c, ObjectNode data) {
        String action = null;
        XmlNode detail = null;
        for (XmlNode child : ct.children) {
            if (child.namespace.equals(c.ns) && !child.name.equals("ReasonCode")) {
                detail = child;
                action = switch (child.name) {
                    case "OperatorSignOn" -> "sign-on";
                    case "OperatorSignOff" -> "sign-off";
                    case "NoSale" -> "no-sale";
                    case "TillOpen", "OpenTill" -> "till-open";
                    case "TillClose", "CloseTill" -> "till-close";
                    default -> kebab(child.name);
                };
                break;
            }
        }
        data.put("action", action == null ? "other" : action);
        putIfPresent(data, "reason", ct.childText(c.ns, "ReasonCode"));
        if (detail != null) {
            putIfPresent(data, "startDateTime", detail.childText(c.ns, "StartDateTimestamp"));
            putIfPresent(data, "endDateTime", detail.childText(c.ns, "EndDateTimestamp"));
        }
    }

    private static boolean included(XmlNode tax, String ns) {
        XmlNode taxable = tax.child(ns, "TaxableAmount");
        return taxable != null && "true".equalsIgnoreCase(taxable.attr("TaxIncludedInTaxableAmountFlag"));
    }

    private String currencyOf(XmlNode tx, String ns) {
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

    private BigDecimal amount(XmlNode parent, String child, Context c) {
        XmlNode n = parent.child(c.ns, child);
        if (n == null) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    parent.name + "/" + child + " is missing in transaction " + c.key, c.key);
        }
        String cur = n.attr("Currency") != null ? n.attr("Currency") : n.attr("CurrencyCode");
        if (cur != null && !cur.equals(c.currency)) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    parent.name + "/" + child + " is in " + cur + ", the transaction in " + c.currency, c.key);
        }
        return number(n.text(), child, c);
    }

    private static BigDecimal number(String text, String what, Context c) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    what + " '" + text + "' is not a decimal number in transaction " + c.key, c.key);
        }
    }

    private static ObjectNode money(BigDecimal amount, Context c) {
        ObjectNode m = JSON.createObjectNode();
        m.put("amount", plain(amount));
        m.put("currency", c.currency);
        return m;
    }

    private static String plain(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), java.math.RoundingMode.UNNECESSARY).toPlainString();
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static boolean matches(String value, String... options) {
        if (value == null) {
            return false;
        }
        for (String o : options) {
            if (o.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}

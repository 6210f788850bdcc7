package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * What consumers need of a RetailTransaction beyond its lines (ARTS POSLog names; a dialect rewrites its vendor's
 * names to these first):
 * <ul>
 *   <li>{@code data.status}: {@code completed}, {@code voided} ({@code TransactionStatus} Voided/PostVoided, or
 *       {@code TypeCode="PostVoid"} on the Transaction: a post-void, whose TransactionLink names what it voids),
 *       {@code cancelled} ({@code CancelFlag="true"} on Transaction or RetailTransaction, {@code TransactionStatus}
 *       Cancelled/Canceled) or {@code suspended} ({@code TransactionStatus} Suspended, {@code SuspendFlag});</li>
 *   <li>{@code data.trainingMode: true} when {@code TrainingModeFlag} (attribute or child element of Transaction, or
 *       {@code TransactionStatus="Training"}) is true;</li>
 *   <li>{@code data.receiptNumber} ({@code ReceiptNumber} of Transaction or RetailTransaction),
 *       {@code data.operatorName} ({@code OperatorID/@OperatorName}), {@code data.customer}
 *       ({@code {customerId?, name?}} from {@code Customer/CustomerID}, {@code Customer/Name}),
 *       {@code data.loyaltyAccount} ({@code {accountId?, programId?}} from {@code LoyaltyAccount/LoyaltyAccountID},
 *       {@code LoyaltyProgramID}), each only when given;</li>
 *   <li>{@code data.originalTransaction} ({@link #link}) of a return: the first {@code TransactionLink} of the
 *       transaction, its RetailTransaction or a Return line whose {@code ReasonCode} is Return, Refund or Exchange (or
 *       any link inside a Return line); {@code data.voidedTransaction} likewise for a voided transaction whose
 *       link's ReasonCode is PostVoid or Void.</li>
 * </ul>
 */
final class TransactionFacts {

    /** {@code TransactionLink/@ReasonCode} values that point at the original sale of a return. */
    static final Set<String> RETURN_LINKS = Set.of("return", "refund", "exchange");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TransactionFacts() {
    }

    /** @return {@code completed}, {@code voided}, {@code cancelled} or {@code suspended} */
    static String status(XmlNode tx, XmlNode retail) {
        if (isTrue(tx.attr("CancelFlag")) || isTrue(retail.attr("CancelFlag"))) {
            return "cancelled";
        }
        if ("postvoid".equalsIgnoreCase(String.valueOf(tx.attr("TypeCode")))) {
            return "voided";
        }
        String status = retail.attr("TransactionStatus");
        String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "voided", "postvoided", "post-voided" -> "voided";
            case "cancelled", "canceled" -> "cancelled";
            case "suspended" -> "suspended";
            default -> isTrue(retail.attr("SuspendFlag")) ? "suspended" : "completed";
        };
    }

    /** @return whether the transaction was rung in training mode */
    static boolean training(XmlNode tx, XmlNode retail, String ns) {
        return isTrue(tx.attr("TrainingModeFlag")) || isTrue(tx.childText(ns, "TrainingModeFlag"))
                || "training".equalsIgnoreCase(String.valueOf(retail.attr("TransactionStatus")));
    }

    /** Writes receiptNumber, operatorName, customer and loyaltyAccount into {@code data} when given. */
    static void parties(XmlNode tx, XmlNode retail, String ns, ObjectNode data) {
        String receipt = tx.childText(ns, "ReceiptNumber");
        putIfPresent(data, "receiptNumber", receipt != null ? receipt : retail.childText(ns, "ReceiptNumber"));
        XmlNode operator = tx.child(ns, "OperatorID");
        putIfPresent(data, "operatorName", operator == null ? null : blankToNull(operator.attr("OperatorName")));
        XmlNode customer = retail.child(ns, "Customer");
        if (customer != null) {
            ObjectNode c = NODES.objectNode();
            putIfPresent(c, "customerId", customer.childText(ns, "CustomerID"));
            putIfPresent(c, "name", customer.childText(ns, "Name"));
            if (!c.isEmpty()) {
                data.set("customer", c);
            }
        }
        XmlNode loyalty = retail.child(ns, "LoyaltyAccount");
        if (loyalty != null) {
            ObjectNode l = NODES.objectNode();
            putIfPresent(l, "accountId", loyalty.childText(ns, "LoyaltyAccountID"));
            putIfPresent(l, "programId", loyalty.childText(ns, "LoyaltyProgramID"));
            if (!l.isEmpty()) {
                data.set("loyaltyAccount", l);
            }
        }
    }

    /** @return the transaction a post-void voids ({@code TransactionLink} with ReasonCode PostVoid/Void), or null */
    static ObjectNode voidedTransaction(XmlNode tx, XmlNode retail, String ns) {
        for (XmlNode holder : new XmlNode[] {tx, retail}) {
            for (XmlNode link : holder.all(ns, "TransactionLink")) {
                String reason = String.valueOf(link.attr("ReasonCode")).toLowerCase(Locale.ROOT);
                if (reason.equals("postvoid") || reason.equals("void")) {
                    return link(link, ns);
                }
            }
        }
        return null;
    }

    /** @return the original transaction a return points at, or {@code null} */
    static ObjectNode originalTransaction(XmlNode tx, XmlNode retail, String ns) {
        for (XmlNode holder : new XmlNode[] {tx, retail}) {
            for (XmlNode link : holder.all(ns, "TransactionLink")) {
                if (isReturnLink(link)) {
                    return link(link, ns);
                }
            }
        }
        for (XmlNode li : retail.all(ns, "LineItem")) {
            XmlNode ret = li.child(ns, "Return");
            XmlNode link = ret == null ? null : ret.child(ns, "TransactionLink");
            if (link != null) {
                return link(link, ns);
            }
        }
        return null;
    }

    static boolean isReturnLink(XmlNode link) {
        String reason = link.attr("ReasonCode");
        return reason != null && RETURN_LINKS.contains(reason.toLowerCase(Locale.ROOT));
    }

    /**
     * @return {@code {storeId?, workstationId?, sequenceNumber?, businessDay?, transactionId?, key?, reason?}} of a
     *     {@code TransactionLink}; {@code key} when store, workstation, day and sequence are all given
     */
    static ObjectNode link(XmlNode link, String ns) {
        ObjectNode o = NODES.objectNode();
        String store = link.childText(ns, "RetailStoreID");
        if (store == null && link.child(ns, "BusinessUnit") != null) {
            store = link.child(ns, "BusinessUnit").childText(ns, "UnitID");
        }
        putIfPresent(o, "storeId", store);
        putIfPresent(o, "workstationId", link.childText(ns, "WorkstationID"));
        putIfPresent(o, "sequenceNumber", link.childText(ns, "SequenceNumber"));
        putIfPresent(o, "businessDay", link.childText(ns, "BusinessDayDate"));
        putIfPresent(o, "transactionId", link.childText(ns, "TransactionID"));
        if (o.has("storeId") && o.has("workstationId") && o.has("sequenceNumber") && o.has("businessDay")) {
            o.put("key", store + "/" + o.get("workstationId").asText() + "/" + o.get("businessDay").asText() + "/"
                    + o.get("sequenceNumber").asText());
        }
        putIfPresent(o, "reason", link.attr("ReasonCode"));
        return o;
    }

    static boolean isTrue(String value) {
        return value != null && ("true".equalsIgnoreCase(value.strip()) || "1".equals(value.strip()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package dev.ficus.pos;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The identity of one POSLog transaction and its idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}.
 *
 * <ul>
 *   <li>store: {@code RetailStoreID}, else {@code BusinessUnit/UnitID};</li>
 *   <li>business day: {@code BusinessDayDate} (ISO 8601 date); when absent, derived from {@code BeginDateTime},
 *       else {@code EndDateTime}: a time with an offset is converted to the store's time zone
 *       ({@code pos.stores.<id>.time-zone}, else {@code pos.default-time-zone}) and its date taken, a local time's
 *       own date is taken (tills write local time) ({@code dayDerived});</li>
 *   <li>sequence: {@code SequenceNumber}; when absent, the vendor's {@code TransactionID} stands in
 *       ({@code byTransactionId}), and also for a missing {@code WorkstationID} (written {@code -} in the key).</li>
 * </ul>
 *
 * @param store           the store id
 * @param workstation     the workstation id, or {@code null} when the identity is the TransactionID
 * @param sequence        the sequence number, or {@code null} when the identity is the TransactionID
 * @param day             the business day, ISO 8601
 * @param transactionId   {@code TransactionID}, or {@code null}
 * @param dayDerived      whether {@code day} was derived from the transaction's times
 */
record TransactionIds(String store, String workstation, String sequence, String day, String transactionId,
                      boolean dayDerived) {

    /** @return the idempotency key, e.g. {@code 7/2/2024-03-01/12} or {@code 7/-/2024-03-01/TX-991} */
    String key() {
        return store + "/" + (workstation == null ? "-" : workstation) + "/" + day + "/"
                + (sequence == null ? transactionId : sequence);
    }

    /** @return whether the TransactionID stands in for a missing SequenceNumber or WorkstationID */
    boolean byTransactionId() {
        return sequence == null || workstation == null;
    }

    /**
     * @param tx    the {@code Transaction} element
     * @param ns    the POSLog namespace
     * @param zones store id -> its time zone
     * @return the ids
     * @throws PosTransactionException {@code missing-ids} naming every missing id, or {@code invalid-value} when the
     *                                 business day is not an ISO date or a time to derive it from does not parse
     */
    static TransactionIds of(XmlNode tx, String ns, Function<String, ZoneId> zones) {
        String store = tx.childText(ns, "RetailStoreID");
        if (store == null) {
            XmlNode bu = tx.child(ns, "BusinessUnit");
            store = bu == null ? null : bu.childText(ns, "UnitID");
        }
        String workstation = tx.childText(ns, "WorkstationID");
        String sequence = tx.childText(ns, "SequenceNumber");
        String transactionId = tx.childText(ns, "TransactionID");
        String day = tx.childText(ns, "BusinessDayDate");
        String time = tx.childText(ns, "BeginDateTime") != null ? tx.childText(ns, "BeginDateTime")
                : tx.childText(ns, "EndDateTime");
        List<String> missing = new ArrayList<>();
        addIfNull(missing, store, "RetailStoreID/BusinessUnit");
        addIfNull(missing, workstation == null && transactionId == null ? null : "", "WorkstationID");
        addIfNull(missing, sequence == null && transactionId == null ? null : "", "SequenceNumber");
        addIfNull(missing, day == null && time == null ? null : "", "BusinessDayDate");
        if (!missing.isEmpty()) {
            throw new PosTransactionException(PosTransactionException.MISSING_IDS, "transaction"
                    + (sequence == null ? "" : " " + sequence) + " lacks " + String.join(", ", missing), null);
        }
        boolean derived = day == null;
        if (derived) {
            day = derive(time, zones.apply(store), store, sequence == null ? transactionId : sequence);
        }
        TransactionIds ids = new TransactionIds(store, workstation, sequence, day, transactionId, derived);
        try {
            LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    "BusinessDayDate '" + day + "' is not an ISO date", ids.key());
        }
        return ids;
    }

    /** @return the date of {@code time} in {@code zone} (offset given) or as written (local time) */
    static String derive(String time, ZoneId zone, String store, String sequence) {
        try {
            return OffsetDateTime.parse(time).atZoneSameInstant(zone).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(time).toLocalDate().toString();
            } catch (DateTimeParseException e2) {
                throw new PosTransactionException(PosTransactionException.INVALID_VALUE, "no BusinessDayDate and '"
                        + time + "' is not an ISO date-time, in transaction " + sequence + " of store " + store,
                        null);
            }
        }
    }

    private static void addIfNull(List<String> missing, String value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }
}

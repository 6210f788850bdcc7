package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEvent;
import dev.ficus.platform.events.CloudEventWriter;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Maps one POSLog {@code Transaction} (ARTS POSLog 2.x/6.x) to a canonical CloudEvents 1.0 event, written by the
 * shared {@link CloudEventWriter} (JSON event format, structured mode).
 *
 * <p>Types: {@value #SALE}, {@value #RETURN} (only return lines), {@value #VOIDED} ({@code CancelFlag} or
 * {@code TransactionStatus} Voided/Cancelled) and {@value #CONTROL} (ControlTransaction: sign-on, sign-off,
 * no-sale/till open, till close, ...). The event {@code id} is a name-based UUID of {@code ficus-pos:<key>}, so a
 * re-sent transaction always has the same id; {@code source} is {@code /ficus/pos/<store>/<workstation>};
 * {@code subject} the idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>}; {@code time} the
 * transaction's end time when it carries an offset; extensions {@value #EXT_KEY} (the key) and
 * {@value #EXT_TOTALS_BALANCED} (boolean).
 *
 * <p>{@code data} starts with {@code storeId, workstationId, sequenceNumber, businessDay, transactionId?,
 * operatorId?, beginDateTime?, endDateTime?, currency}; the rest comes from {@link RetailTransactionMapper} (lines,
 * discounts, taxes, tenders and the totals cross-check, flagged in {@code data.totalsCheck}, never corrected) or
 * {@link ControlTransactionMapper}. Money is {@code {"amount":"12.34","currency":"USD"}} ({@link PosValues}), the
 * currency from {@code CurrencyCode} (2.x) or the amounts' {@code Currency}/{@code CurrencyCode} attributes (6.x),
 * else {@code pos.default-currency}.
 *
 * <p>Errors: {@link PosTransactionException} with {@code missing-ids}, {@code invalid-value} or
 * {@code unsupported-transaction}. Thread-safe.
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

    /** CloudEvents extension: the idempotency key. */
    static final String EXT_KEY = "ficusposkey";
    /** CloudEvents extension: whether every totals cross-check held. */
    static final String EXT_TOTALS_BALANCED = "ficustotalsbalanced";

    /** NCR ACS extension namespace (POSLog 2.1 dialect). */
    static final String NS_ACS = "http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String defaultCurrency;
    private final CloudEventWriter writer;

    /**
     * @param defaultCurrency ISO 4217 code used when a transaction names none, e.g. {@code USD}
     * @param writer          the CloudEvents writer
     */
    public PosEventMapper(String defaultCurrency, CloudEventWriter writer) {
        this.defaultCurrency = defaultCurrency;
        this.writer = writer;
    }

    /** The ids of a transaction, all present. */
    record Ids(String store, String workstation, String sequence, String day) {

        /** @return the idempotency key {@code <store>/<workstation>/<businessDay>/<sequence>} */
        String key() {
            return store + "/" + workstation + "/" + day + "/" + sequence;
        }
    }

    /**
     * @param tx the {@code Transaction} element
     * @param ns the POSLog namespace of the document
     * @return the event
     * @throws PosTransactionException when the transaction cannot be mapped
     */
    PosEvent map(XmlNode tx, String ns) {
        Ids ids = ids(tx, ns);
        String key = ids.key();
        PosValues v = new PosValues(ns, key, PosValues.currencyOf(tx, ns, defaultCurrency));
        ObjectNode data = header(tx, ids, v);
        XmlNode retail = tx.child(ns, "RetailTransaction");
        XmlNode control = tx.child(ns, "ControlTransaction");
        String type;
        boolean balanced = true;
        if (retail != null) {
            RetailTransactionMapper.Result r = RetailTransactionMapper.map(retail, v, data);
            balanced = r.balanced();
            type = voided(tx, retail) ? VOIDED : (r.returnLines() > 0 && r.saleLines() == 0 ? RETURN : SALE);
        } else if (control != null) {
            type = CONTROL;
            ControlTransactionMapper.map(control, ns, data);
        } else {
            throw new PosTransactionException(PosTransactionException.UNSUPPORTED,
                    "transaction " + key + " is neither a RetailTransaction nor a ControlTransaction", key);
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put(EXT_KEY, key);
        extensions.put(EXT_TOTALS_BALANCED, balanced);
        CloudEvent event = new CloudEvent(CloudEvent.nameBasedId("ficus-pos:" + key),
                "/ficus/pos/" + ids.store() + "/" + ids.workstation(), type, key,
                time(tx.childText(ns, "EndDateTime")), extensions, data);
        ObjectNode json = writer.toJson(event);
        return new PosEvent(key, type, balanced, json, writer.write(json));
    }

    /**
     * @return the ids: {@code RetailStoreID} (else {@code BusinessUnit/UnitID}), {@code WorkstationID},
     *     {@code SequenceNumber}, {@code BusinessDayDate}
     * @throws PosTransactionException {@code missing-ids} naming every missing one, or {@code invalid-value} when
     *                                 the business day is not an ISO date
     */
    static Ids ids(XmlNode tx, String ns) {
        String store = tx.childText(ns, "RetailStoreID");
        if (store == null) {
            XmlNode bu = tx.child(ns, "BusinessUnit");
            store = bu == null ? null : bu.childText(ns, "UnitID");
        }
        String workstation = tx.childText(ns, "WorkstationID");
        String sequence = tx.childText(ns, "SequenceNumber");
        String day = tx.childText(ns, "BusinessDayDate");
        List<String> missing = new ArrayList<>();
        addIfNull(missing, store, "RetailStoreID/BusinessUnit");
        addIfNull(missing, workstation, "WorkstationID");
        addIfNull(missing, sequence, "SequenceNumber");
        addIfNull(missing, day, "BusinessDayDate");
        if (!missing.isEmpty()) {
            throw new PosTransactionException(PosTransactionException.MISSING_IDS,
                    "transaction" + (sequence == null ? "" : " " + sequence) + " lacks " + String.join(", ", missing),
                    null);
        }
        Ids ids = new Ids(store, workstation, sequence, day);
        try {
            LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new PosTransactionException(PosTransactionException.INVALID_VALUE,
                    "BusinessDayDate '" + day + "' is not an ISO date", ids.key());
        }
        return ids;
    }

    private static void addIfNull(List<String> missing, String value, String name) {
        if (value == null) {
            missing.add(name);
        }
    }

    private static ObjectNode header(XmlNode tx, Ids ids, PosValues v) {
        String ns = v.ns();
        ObjectNode data = NODES.objectNode();
        data.put("storeId", ids.store());
        data.put("workstationId", ids.workstation());
        data.put("sequenceNumber", ids.sequence());
        data.put("businessDay", ids.day());
        putIfPresent(data, "transactionId", tx.childText(ns, "TransactionID"));
        putIfPresent(data, "operatorId", tx.childText(ns, "OperatorID"));
        putIfPresent(data, "beginDateTime", tx.childText(ns, "BeginDateTime"));
        putIfPresent(data, "endDateTime", tx.childText(ns, "EndDateTime"));
        data.put("currency", v.currency());
        return data;
    }

    /** Voided as a whole: {@code CancelFlag="true"} on either element or {@code TransactionStatus} Voided/Cancelled. */
    private static boolean voided(XmlNode tx, XmlNode retail) {
        if ("true".equalsIgnoreCase(tx.attr("CancelFlag")) || "true".equalsIgnoreCase(retail.attr("CancelFlag"))) {
            return true;
        }
        String status = retail.attr("TransactionStatus");
        return status != null && Stream.of("Voided", "Cancelled", "Canceled").anyMatch(status::equalsIgnoreCase);
    }

    /** @return the end time as RFC 3339 when it carries an offset; {@code null} for local time (kept in data only) */
    static String time(String endDateTime) {
        if (endDateTime == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(endDateTime).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

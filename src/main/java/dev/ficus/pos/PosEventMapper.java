package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.platform.events.CloudEvent;
import dev.ficus.platform.events.CloudEventWriter;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps one POSLog {@code Transaction} (ARTS POSLog 2.x/6.x, rewritten from its vendor's dialect first:
 * {@link PosDialects}, {@link DialectRules}) to canonical CloudEvents 1.0 events, written by the shared
 * {@link CloudEventWriter} (JSON event format, structured mode).
 *
 * <p>Types: {@value #SALE} (sale lines only), {@value #RETURN} (return lines only, see {@link ReturnSignals}), both
 * for an exchange (sale and return lines: two events with the same {@code data} plus {@code data.exchange =
 * {role: sale|return, saleEventId, returnEventId}}; only the sale side is posted to legacy), {@value #VOIDED}
 * (status voided or cancelled, {@link TransactionFacts}), {@value #SUSPENDED}, {@value #TRAINING} (training mode:
 * never a sale) and {@value #CONTROL} (ControlTransaction). The event {@code id} is a name-based UUID of
 * {@code ficus-pos:<key>} ({@code ficus-pos:<key>#return} for the return side of an exchange), so a re-sent
 * transaction always has the same id; {@code source} is {@code /ficus/pos/<store>/<workstation>}; {@code subject}
 * the idempotency key ({@link TransactionIds}); {@code time} the transaction's end time when it carries an offset;
 * extensions {@value #EXT_KEY} (the key) and {@value #EXT_TOTALS_BALANCED} (boolean).
 *
 * <p>{@code data} starts with {@code storeId, workstationId?, sequenceNumber?, businessDay, businessDayDerived?,
 * transactionId?, identity? ("transaction-id"), operatorId?, beginDateTime?, endDateTime?, currency, dialect?}, then
 * for a RetailTransaction {@code status, trainingMode?, receiptNumber?, operatorName?, customer?, loyaltyAccount?}
 * ({@link TransactionFacts}) and the rest from {@link RetailTransactionMapper} (lines, discounts, taxes, tenders and
 * the totals cross-check, flagged in {@code data.totalsCheck}, never corrected) or {@link ControlTransactionMapper}.
 * Money is {@code {"amount":"12.34","currency":"USD"}} ({@link PosValues}), the currency from {@code CurrencyCode}
 * (2.x) or the amounts' {@code Currency}/{@code CurrencyCode} attributes (6.x), else {@code pos.default-currency}.
 *
 * <p>Errors: {@link PosTransactionException} with {@code missing-ids}, {@code invalid-value} or
 * {@code unsupported-transaction}. Thread-safe.
 */
public final class PosEventMapper {

    /** A completed sale. */
    public static final String SALE = "retail.pos.sale-completed";
    /** A completed return (refund). */
    public static final String RETURN = "retail.pos.return-completed";
    /** A transaction voided or cancelled as a whole. */
    public static final String VOIDED = "retail.pos.transaction-voided";
    /** A transaction suspended (parked) at the till, not completed. */
    public static final String SUSPENDED = "retail.pos.transaction-suspended";
    /** A transaction rung in training mode: never a sale, never posted. */
    public static final String TRAINING = "retail.pos.training-completed";
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
    private final Function<String, ZoneId> zones;
    private final PosDialects dialects;
    private final CloudEventWriter writer;

    /**
     * A mapper without dialect files whose stores are all in UTC.
     *
     * @param defaultCurrency ISO 4217 code used when a transaction names none, e.g. {@code USD}
     * @param writer          the CloudEvents writer
     */
    public PosEventMapper(String defaultCurrency, CloudEventWriter writer) {
        this(defaultCurrency, store -> ZoneOffset.UTC, PosDialects.none(), writer);
    }

    /**
     * @param defaultCurrency ISO 4217 code used when a transaction names none, e.g. {@code USD}
     * @param zones           store id -> its time zone ({@link PosProperties#timeZone})
     * @param dialects        the dialects to recognise
     * @param writer          the CloudEvents writer
     */
    PosEventMapper(String defaultCurrency, Function<String, ZoneId> zones, PosDialects dialects,
                   CloudEventWriter writer) {
        this.defaultCurrency = defaultCurrency;
        this.zones = zones;
        this.dialects = dialects;
        this.writer = writer;
    }

    /** @return the writer events are written with (for corrections) */
    CloudEventWriter writer() {
        return writer;
    }

    /**
     * @param tx the {@code Transaction} element
     * @param ns the POSLog namespace of the document
     * @return the transaction's first event (the sale side of an exchange)
     * @throws PosTransactionException when the transaction cannot be mapped
     */
    PosEvent map(XmlNode tx, String ns) {
        return map(tx, PosDocumentContext.of(ns)).events().get(0);
    }

    /**
     * @param tx  the {@code Transaction} element (rewritten in place by its dialect)
     * @param doc the document's root facts
     * @return the transaction's events and content hash
     * @throws PosTransactionException when the transaction cannot be mapped
     */
    PosTransaction map(XmlNode tx, PosDocumentContext doc) {
        String ns = doc.namespace();
        PosDialect dialect = dialects.select(doc, tx);
        DialectRules.apply(dialect, tx, ns);
        TransactionIds ids = TransactionIds.of(tx, ns, zones);
        String key = ids.key();
        PosValues v = new PosValues(ns, key, PosValues.currencyOf(tx, ns, defaultCurrency));
        ObjectNode data = header(tx, ids, v, dialect);
        XmlNode retail = tx.child(ns, "RetailTransaction");
        XmlNode control = tx.child(ns, "ControlTransaction");
        if (retail != null) {
            return retail(tx, retail, ids, v, data);
        }
        if (control == null) {
            throw new PosTransactionException(PosTransactionException.UNSUPPORTED,
                    "transaction " + key + " is neither a RetailTransaction nor a ControlTransaction", key);
        }
        ControlTransactionMapper.map(control, ns, data);
        String hash = ContentHash.of(data);
        return new PosTransaction(key, ids.store(), hash, List.of(event(tx, ids, v, CONTROL, "", true, data)));
    }

    private PosTransaction retail(XmlNode tx, XmlNode retail, TransactionIds ids, PosValues v, ObjectNode data) {
        String ns = v.ns();
        String status = TransactionFacts.status(tx, retail);
        boolean training = TransactionFacts.training(tx, retail, ns);
        data.put("status", status);
        if (training) {
            data.put("trainingMode", true);
        }
        TransactionFacts.parties(tx, retail, ns, data);
        RetailTransactionMapper.Result r = RetailTransactionMapper.map(tx, retail, v, data);
        if (status.equals("voided") && TransactionFacts.voidedTransaction(tx, retail, ns) != null) {
            data.set("voidedTransaction", TransactionFacts.voidedTransaction(tx, retail, ns));
        }
        String hash = ContentHash.of(data);
        String type = switch (status) {
            case "voided", "cancelled" -> VOIDED;
            case "suspended" -> SUSPENDED;
            default -> training ? TRAINING : r.returnLines() > 0 && r.saleLines() == 0 ? RETURN : SALE;
        };
        if (!type.equals(SALE) || r.returnLines() == 0) {
            return new PosTransaction(ids.key(), ids.store(), hash,
                    List.of(event(tx, ids, v, type, "", r.balanced(), data)));
        }
        String saleId = CloudEvent.nameBasedId("ficus-pos:" + ids.key());
        String returnId = CloudEvent.nameBasedId("ficus-pos:" + ids.key() + "#return");
        ObjectNode returnData = data.deepCopy();
        data.putObject("exchange").put("role", "sale").put("saleEventId", saleId).put("returnEventId", returnId);
        returnData.putObject("exchange").put("role", "return").put("saleEventId", saleId)
                .put("returnEventId", returnId);
        return new PosTransaction(ids.key(), ids.store(), hash,
                List.of(event(tx, ids, v, SALE, "", r.balanced(), data),
                        event(tx, ids, v, RETURN, "#return", r.balanced(), returnData)));
    }

    private PosEvent event(XmlNode tx, TransactionIds ids, PosValues v, String type, String idSuffix,
                           boolean balanced, ObjectNode data) {
        String key = ids.key();
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put(EXT_KEY, key);
        extensions.put(EXT_TOTALS_BALANCED, balanced);
        CloudEvent event = new CloudEvent(CloudEvent.nameBasedId("ficus-pos:" + key + idSuffix),
                "/ficus/pos/" + ids.store() + "/" + (ids.workstation() == null ? "-" : ids.workstation()), type, key,
                time(tx.childText(v.ns(), "EndDateTime")), extensions, data);
        ObjectNode json = writer.toJson(event);
        return new PosEvent(key, type, balanced, json, writer.write(json));
    }

    /**
     * @return the ids: {@link TransactionIds#of}
     * @throws PosTransactionException {@code missing-ids} naming every missing one, or {@code invalid-value} when
     *                                 the business day is not an ISO date
     */
    static TransactionIds ids(XmlNode tx, String ns) {
        return TransactionIds.of(tx, ns, store -> ZoneOffset.UTC);
    }

    private static ObjectNode header(XmlNode tx, TransactionIds ids, PosValues v, PosDialect dialect) {
        String ns = v.ns();
        ObjectNode data = NODES.objectNode();
        data.put("storeId", ids.store());
        putIfPresent(data, "workstationId", ids.workstation());
        putIfPresent(data, "sequenceNumber", ids.sequence());
        data.put("businessDay", ids.day());
        if (ids.dayDerived()) {
            data.put("businessDayDerived", true);
        }
        putIfPresent(data, "transactionId", ids.transactionId());
        if (ids.byTransactionId()) {
            data.put("identity", "transaction-id");
        }
        putIfPresent(data, "operatorId", tx.childText(ns, "OperatorID"));
        putIfPresent(data, "beginDateTime", tx.childText(ns, "BeginDateTime"));
        putIfPresent(data, "endDateTime", tx.childText(ns, "EndDateTime"));
        data.put("currency", v.currency());
        if (dialect != PosDialect.GENERIC && !dialect.name().equals(PosDialect.GENERIC.name())) {
            data.put("dialect", dialect.name());
        }
        return data;
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

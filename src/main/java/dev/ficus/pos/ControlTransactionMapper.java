package dev.ficus.pos;

import static dev.ficus.pos.PosValues.putIfPresent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Maps a POSLog {@code ControlTransaction} into the event's {@code data}: {@code action}, from its first child in the
 * POSLog namespace other than {@code ReasonCode} ({@code OperatorSignOn} {@code sign-on}, {@code OperatorSignOff}
 * {@code sign-off}, {@code NoSale} {@code no-sale}, {@code TillOpen}/{@code OpenTill} {@code till-open},
 * {@code TillClose}/{@code CloseTill} {@code till-close}, any other name in kebab case, none {@code other}),
 * {@code reason} from {@code ReasonCode}, and {@code startDateTime}/{@code endDateTime} from that child's
 * {@code StartDateTimestamp}/{@code EndDateTimestamp} (replacing the transaction's {@code endDateTime}).
 */
final class ControlTransactionMapper {

    private ControlTransactionMapper() {
    }

    /**
     * @param control the {@code ControlTransaction} element
     * @param ns      the POSLog namespace
     * @param data    the event's {@code data}
     */
    static void map(XmlNode control, String ns, ObjectNode data) {
        XmlNode detail = null;
        for (XmlNode child : control.children) {
            if (child.namespace.equals(ns) && !child.name.equals("ReasonCode")) {
                detail = child;
                break;
            }
        }
        data.put("action", detail == null ? "other" : action(detail.name));
        putIfPresent(data, "reason", control.childText(ns, "ReasonCode"));
        if (detail != null) {
            putIfPresent(data, "startDateTime", detail.childText(ns, "StartDateTimestamp"));
            putIfPresent(data, "endDateTime", detail.childText(ns, "EndDateTimestamp"));
        }
    }

    /** @return the action named by a ControlTransaction child, e.g. {@code OperatorSignOn -> sign-on} */
    static String action(String element) {
        return switch (element) {
            case "OperatorSignOn" -> "sign-on";
            case "OperatorSignOff" -> "sign-off";
            case "NoSale" -> "no-sale";
            case "TillOpen", "OpenTill" -> "till-open";
            case "TillClose", "CloseTill" -> "till-close";
            default -> element.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        };
    }
}

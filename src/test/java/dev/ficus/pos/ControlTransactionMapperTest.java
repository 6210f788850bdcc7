package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ControlTransactionMapperTest {

    @Test
    void shouldNameTheKnownActionsAndKebabCaseTheOthers() {
        assertThat(ControlTransactionMapper.action("OperatorSignOn")).isEqualTo("sign-on");
        assertThat(ControlTransactionMapper.action("OperatorSignOff")).isEqualTo("sign-off");
        assertThat(ControlTransactionMapper.action("NoSale")).isEqualTo("no-sale");
        assertThat(ControlTransactionMapper.action("OpenTill")).isEqualTo("till-open");
        assertThat(ControlTransactionMapper.action("TillClose")).isEqualTo("till-close");
        assertThat(ControlTransactionMapper.action("TenderPickup2Safe")).isEqualTo("tender-pickup2-safe");
    }

    @Test
    void shouldTakeTheFirstDetailAfterTheReasonAndReplaceTheEndTime() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("endDateTime", "from the transaction")
                .put("currency", "USD");

        ControlTransactionMapper.map(XmlNodes.parse("<ControlTransaction><ReasonCode>R</ReasonCode>"
                + "<acs:Extra/><OperatorSignOff><StartDateTimestamp>s</StartDateTimestamp>"
                + "<EndDateTimestamp>e</EndDateTimestamp></OperatorSignOff><NoSale/></ControlTransaction>"),
                XmlNodes.NS, data);

        assertThat(data.toString()).isEqualTo("{\"endDateTime\":\"e\",\"currency\":\"USD\",\"action\":\"sign-off\","
                + "\"reason\":\"R\",\"startDateTime\":\"s\"}");
    }

    @Test
    void shouldCallAnEmptyControlTransactionOther() {
        ObjectNode data = JsonNodeFactory.instance.objectNode();

        ControlTransactionMapper.map(XmlNodes.parse("<ControlTransaction/>"), XmlNodes.NS, data);

        assertThat(data.toString()).isEqualTo("{\"action\":\"other\"}");
    }
}

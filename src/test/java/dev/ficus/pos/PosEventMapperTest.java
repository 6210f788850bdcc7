package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.platform.events.CloudEvent;
import org.junit.jupiter.api.Test;

class PosEventMapperTest {

    final PosEventMapper mapper = PosLogParserTest.USD;

    static String ids(String store, String sequence, String day) {
        return (store == null ? "" : "<RetailStoreID>" + store + "</RetailStoreID>")
                + "<WorkstationID>2</WorkstationID>"
                + (sequence == null ? "" : "<SequenceNumber>" + sequence + "</SequenceNumber>")
                + (day == null ? "" : "<BusinessDayDate>" + day + "</BusinessDayDate>");
    }

    @Test
    void shouldWriteTheEnvelopeOfAControlTransaction() {
        PosEvent event = mapper.map(XmlNodes.parse("<Transaction>" + ids("7", "12", "2024-03-01")
                + "<EndDateTime>2024-03-01T18:00:00+01:00</EndDateTime>"
                + "<ControlTransaction><NoSale/></ControlTransaction></Transaction>"), XmlNodes.NS);

        assertThat(event.key()).isEqualTo("7/2/2024-03-01/12");
        assertThat(event.type()).isEqualTo(PosEventMapper.CONTROL);
        assertThat(event.balanced()).isTrue();
        assertThat(event.id()).isEqualTo(CloudEvent.nameBasedId("ficus-pos:7/2/2024-03-01/12"));
        assertThat(event.json()).isEqualTo(event.cloudEvent().toString()).isEqualTo("{\"specversion\":\"1.0\","
                + "\"id\":\"" + event.id() + "\",\"source\":\"/ficus/pos/7/2\",\"type\":\"retail.pos.control\","
                + "\"subject\":\"7/2/2024-03-01/12\",\"time\":\"2024-03-01T18:00+01:00\","
                + "\"datacontenttype\":\"application/json\",\"ficusposkey\":\"7/2/2024-03-01/12\","
                + "\"ficustotalsbalanced\":true,\"data\":{\"storeId\":\"7\",\"workstationId\":\"2\","
                + "\"sequenceNumber\":\"12\",\"businessDay\":\"2024-03-01\","
                + "\"endDateTime\":\"2024-03-01T18:00:00+01:00\",\"currency\":\"USD\",\"action\":\"no-sale\"}}");
    }

    @Test
    void shouldLeaveOutTheTimeOfALocalEndTime() {
        assertThat(PosEventMapper.time("2024-03-01T18:00:00")).isNull();
        assertThat(PosEventMapper.time(null)).isNull();
        assertThat(PosEventMapper.time("2024-03-01T18:00:00.5Z")).isEqualTo("2024-03-01T18:00:00.500Z");
    }

    @Test
    void shouldTakeTheStoreFromTheBusinessUnitOf6x() {
        TransactionIds ids = PosEventMapper.ids(XmlNodes.parse("<Transaction><BusinessUnit><UnitID>0610</UnitID>"
                + "</BusinessUnit>" + ids(null, "451", "2016-08-22") + "</Transaction>"), XmlNodes.NS);

        assertThat(ids.key()).isEqualTo("0610/2/2016-08-22/451");
    }

    @Test
    void shouldNameEveryMissingIdAndRefuseABadBusinessDay() {
        assertThatThrownBy(() -> PosEventMapper.ids(XmlNodes.parse("<Transaction>" + ids(null, null, null)
                + "</Transaction>"), XmlNodes.NS))
                .isInstanceOf(PosTransactionException.class)
                .hasMessage("transaction lacks RetailStoreID/BusinessUnit, SequenceNumber, BusinessDayDate")
                .satisfies(e -> assertThat(((PosTransactionException) e).key()).isNull());
        assertThatThrownBy(() -> PosEventMapper.ids(XmlNodes.parse("<Transaction>" + ids("7", "3", "01.03.2024")
                + "</Transaction>"), XmlNodes.NS))
                .hasMessage("BusinessDayDate '01.03.2024' is not an ISO date")
                .satisfies(e -> {
                    assertThat(((PosTransactionException) e).reason()).isEqualTo("invalid-value");
                    assertThat(((PosTransactionException) e).key()).isEqualTo("7/2/01.03.2024/3");
                });
    }

    @Test
    void shouldTypeReturnsAndVoids() {
        String returnOnly = "<RetailTransaction><LineItem><Return><ExtendedAmount>4</ExtendedAmount></Return>"
                + "</LineItem><Total TotalType=\"TransactionGrandAmount\">-4</Total></RetailTransaction>";
        assertThat(mapper.map(XmlNodes.parse("<Transaction>" + ids("7", "1", "2024-03-01") + returnOnly
                + "</Transaction>"), XmlNodes.NS).type()).isEqualTo(PosEventMapper.RETURN);
        assertThat(mapper.map(XmlNodes.parse("<Transaction CancelFlag=\"TRUE\">" + ids("7", "2", "2024-03-01")
                + returnOnly + "</Transaction>"), XmlNodes.NS).type()).isEqualTo(PosEventMapper.VOIDED);
        assertThat(mapper.map(XmlNodes.parse("<Transaction>" + ids("7", "3", "2024-03-01")
                + returnOnly.replace("<RetailTransaction>", "<RetailTransaction TransactionStatus=\"canceled\">")
                + "</Transaction>"), XmlNodes.NS).type()).isEqualTo(PosEventMapper.VOIDED);
    }

    @Test
    void shouldRefuseATransactionThatIsNeitherRetailNorControl() {
        assertThatThrownBy(() -> mapper.map(XmlNodes.parse("<Transaction>" + ids("7", "1", "2024-03-01")
                + "<TenderControlTransaction/></Transaction>"), XmlNodes.NS))
                .isInstanceOf(PosTransactionException.class)
                .satisfies(e -> assertThat(((PosTransactionException) e).reason())
                        .isEqualTo("unsupported-transaction"));
    }
}

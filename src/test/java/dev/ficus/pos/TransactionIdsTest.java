package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TransactionIdsTest {

    static TransactionIds ids(String inner, ZoneId zone) {
        return TransactionIds.of(XmlNodes.parse("<Transaction><RetailStoreID>7</RetailStoreID>" + inner
                + "</Transaction>"), XmlNodes.NS, store -> zone);
    }

    @Test
    void shouldDeriveTheBusinessDayFromTheBeginTimeInTheStoresZone() {
        TransactionIds ids = ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>"
                + "<BeginDateTime>2024-03-01T23:58:10-05:00</BeginDateTime>"
                + "<EndDateTime>2024-03-02T00:01:00-05:00</EndDateTime>", ZoneId.of("America/New_York"));

        assertThat(ids.day()).isEqualTo("2024-03-01");
        assertThat(ids.dayDerived()).isTrue();
        assertThat(ids.key()).isEqualTo("7/2/2024-03-01/5");
        assertThat(ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>"
                + "<BeginDateTime>2024-03-01T23:58:10-05:00</BeginDateTime>", ZoneOffset.UTC).day())
                .isEqualTo("2024-03-02");
    }

    @Test
    void shouldTakeALocalTimesOwnDateAndTheEndTimeWhenThereIsNoBegin() {
        assertThat(ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>"
                + "<EndDateTime>2024-03-02T06:01:00</EndDateTime>", ZoneId.of("Asia/Tokyo")).day())
                .isEqualTo("2024-03-02");
    }

    @Test
    void shouldKeepAGivenBusinessDay() {
        TransactionIds ids = ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>"
                + "<BusinessDayDate>2024-02-29</BusinessDayDate>"
                + "<BeginDateTime>2024-03-01T01:00:00Z</BeginDateTime>", ZoneOffset.UTC);

        assertThat(ids.day()).isEqualTo("2024-02-29");
        assertThat(ids.dayDerived()).isFalse();
    }

    @Test
    void shouldLetTheTransactionIdStandInForAMissingSequenceAndWorkstation() {
        TransactionIds ids = ids("<TransactionID>WEB-1</TransactionID><BusinessDayDate>2024-03-01</BusinessDayDate>",
                ZoneOffset.UTC);

        assertThat(ids.key()).isEqualTo("7/-/2024-03-01/WEB-1");
        assertThat(ids.byTransactionId()).isTrue();
    }

    @Test
    void shouldRefuseWhatCannotBeDerived() {
        assertThatThrownBy(() -> ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>",
                ZoneOffset.UTC)).hasMessage("transaction 5 lacks BusinessDayDate")
                .satisfies(e -> assertThat(((PosTransactionException) e).reason()).isEqualTo("missing-ids"));
        assertThatThrownBy(() -> ids("<WorkstationID>2</WorkstationID><SequenceNumber>5</SequenceNumber>"
                + "<BeginDateTime>yesterday</BeginDateTime>", ZoneOffset.UTC))
                .satisfies(e -> assertThat(((PosTransactionException) e).reason()).isEqualTo("invalid-value"));
    }
}

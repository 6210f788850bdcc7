package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests of the totals cross-check (generated cases from fixed seeds, JUnit parameterized tests): a generated valid RetailTransaction (sale and return lines with any
 * number of decimals, line or transaction discounts, added or included tax, rounding, cash with change or a refund)
 * always balances; the same transaction with one amount that counts raised (a line, discount, added tax, rounding,
 * tender, change or the grand total) is always reported, with the expected total and what was computed.
 */
class PosBalancePropertiesTest {

    /** Generated cases per property. */
    static final int TRIES = 300;

    /** One generated line: amount (magnitude) and whether it is a Return line. */
    record Line(BigDecimal amount, boolean isReturn) {
    }

    /** One generated transaction, its XML written by {@link #xml(int, BigDecimal)}. */
    record Tx(List<Line> lines, BigDecimal discount, BigDecimal tax, boolean taxIncluded, BigDecimal rounding,
              BigDecimal change) {

        /** Valid: a discount never exceeds the sale lines it lowers; change only when the customer pays. */
        Tx {
            BigDecimal sales = lines.stream().filter(l -> !l.isReturn()).map(Line::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            discount = discount.min(sales);
            BigDecimal total = lines.stream().map(l -> l.isReturn() ? l.amount().negate() : l.amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add).subtract(discount)
                    .add(taxIncluded ? BigDecimal.ZERO : tax).add(rounding);
            change = total.signum() > 0 ? change : BigDecimal.ZERO;
        }

        BigDecimal lineSum() {
            return lines.stream().map(l -> l.isReturn() ? l.amount().negate() : l.amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal total() {
            return lineSum().subtract(discount).add(taxIncluded ? BigDecimal.ZERO : tax).add(rounding);
        }

        /**
         * @param tamper which amount to raise: 0..lines-1 a line, then discount, tax, rounding, tender, change, total
         * @param delta  how much, positive
         */
        String xml(int tamper, BigDecimal delta) {
            int n = lines.size();
            StringBuilder b = new StringBuilder("<Transaction><RetailStoreID>7</RetailStoreID>"
                    + "<WorkstationID>2</WorkstationID><SequenceNumber>1</SequenceNumber>"
                    + "<BusinessDayDate>2024-03-01</BusinessDayDate><RetailTransaction>");
            for (int i = 0; i < n; i++) {
                Line l = lines.get(i);
                String kind = l.isReturn() ? "Return" : "Sale";
                b.append("<LineItem><").append(kind).append("><ExtendedAmount>")
                        .append(raise(l.amount(), tamper == i, delta).toPlainString())
                        .append("</ExtendedAmount></").append(kind).append("></LineItem>");
            }
            b.append("<LineItem><Discount><Amount>").append(raise(discount, tamper == n, delta).toPlainString())
                    .append("</Amount></Discount></LineItem>");
            b.append("<LineItem><Tax><TaxableAmount TaxIncludedInTaxableAmountFlag=\"").append(taxIncluded)
                    .append("\">1</TaxableAmount><Amount>")
                    .append(raise(tax, tamper == n + 1 && !taxIncluded, delta).toPlainString())
                    .append("</Amount></Tax></LineItem>");
            b.append("<LineItem><Rounding><Amount>").append(raise(rounding, tamper == n + 2, delta).toPlainString())
                    .append("</Amount></Rounding></LineItem>");
            BigDecimal total = total();
            BigDecimal tendered = total.add(change);
            boolean refund = total.signum() < 0 && lines.stream().anyMatch(Line::isReturn);
            String typeCode = refund ? " TypeCode=\"Refund\"" : "";
            b.append("<LineItem><Tender TenderType=\"Cash\"").append(typeCode).append("><Amount>")
                    .append(raise(tendered, tamper == n + 3, delta).toPlainString()).append("</Amount>");
            if (total.signum() > 0) {
                b.append("<TenderChange><Amount>").append(raise(change, tamper == n + 4, delta).toPlainString())
                        .append("</Amount></TenderChange>");
            }
            b.append("</Tender></LineItem><Total TotalType=\"TransactionGrandAmount\">")
                    .append(raise(total, tamper == n + 5, delta).toPlainString())
                    .append("</Total></RetailTransaction></Transaction>");
            return b.toString();
        }

        private static BigDecimal raise(BigDecimal amount, boolean tampered, BigDecimal delta) {
            return tampered ? amount.add(delta) : amount;
        }
    }

    /** Any amount from 0 to {@code maxUnits} with 0 to 4 decimals. */
    static BigDecimal money(Random random, int maxUnits) {
        int scale = random.nextInt(5);
        long units = (long) (random.nextDouble() * maxUnits * Math.pow(10, scale));
        return BigDecimal.valueOf(units, scale);
    }

    /** A valid transaction drawn from {@code random}: 1 to 6 lines, a fifth of them returns. */
    static Tx transaction(Random random) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            BigDecimal amount = money(random, 500);
            lines.add(new Line(amount.signum() > 0 ? amount : new BigDecimal("0.01"), random.nextInt(5) == 0));
        }
        BigDecimal rounding = BigDecimal.valueOf(random.nextInt(9) - 4, 2);
        return new Tx(lines, money(random, 20), money(random, 50), random.nextBoolean(), rounding, money(random, 50));
    }

    static PosEvent map(String xml) {
        return PosLogParserTest.USD.map(XmlNodes.parse(xml), XmlNodes.NS);
    }

    /** Seeds of the generated cases: fixed, so a failure names the seed that reproduces it. */
    static LongStream seeds() {
        return LongStream.rangeClosed(1, TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyGeneratedValidTransactionBalances(long seed) {
        Tx tx = transaction(new Random(seed));
        PosEvent event = map(tx.xml(-1, BigDecimal.ZERO));

        assertThat(event.balanced()).as("seed %d: %s", seed, tx.xml(-1, BigDecimal.ZERO)).isTrue();
        assertThat(new BigDecimal(event.cloudEvent().at("/data/totals/total/amount").asText()))
                .isEqualByComparingTo(tx.total());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyTamperedAmountIsReported(long seed) {
        Random random = new Random(seed);
        Tx tx = transaction(random);
        BigDecimal delta = BigDecimal.valueOf(1 + (long) (random.nextDouble() * 249_999), 4);
        int which = random.nextInt(tx.lines().size() + 6);
        if (which == tx.lines().size() + 1 && tx.taxIncluded()) {
            which = tx.lines().size() + 5; // included VAT is only reported, never added: tamper with the total
        }
        if (which == tx.lines().size() + 4 && tx.total().signum() <= 0) {
            which = tx.lines().size() + 3; // a refund has no change: tamper with the tender
        }
        String xml = tx.xml(which, delta);

        PosEvent event = map(xml);

        assertThat(event.balanced()).as("seed %d: %s", seed, xml).isFalse();
        assertThat(event.cloudEvent().at("/data/totalsCheck/mismatches")).isNotEmpty().allSatisfy(m -> {
            assertThat(m.has("computed")).isTrue();
            assertThat(m.has("total")).isTrue();
        });
    }

    static List<Line> lines(Line... lines) {
        return new ArrayList<>(List.of(lines));
    }
}

package dev.ficus.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdcEventTypesTest {

    final CdcEventTypes types = new CdcEventTypes("retail", List.of(
            new CdcProperties.Table("public.products", "product", List.of(
                    new CdcProperties.EventRule("retail.product.changed", List.of("create", "update"), null),
                    new CdcProperties.EventRule("retail.inventory.stock-changed", List.of("update"),
                            List.of("units_in_stock")))),
            new CdcProperties.Table("public.order_details", " ", null)));

    static ObjectNode row(int stock) {
        return JsonNodeFactory.instance.objectNode().put("units_in_stock", stock);
    }

    @Test
    void shouldApplyEveryMatchingRuleInOrder() {
        assertThat(types.typesFor("public.products", "update", row(1), row(2)))
                .containsExactly("retail.product.changed", "retail.inventory.stock-changed");
        assertThat(types.typesFor("public.products", "update", row(1), row(1)))
                .containsExactly("retail.product.changed");
        assertThat(types.typesFor("public.products", "update", null, row(1)))
                .as("no before image").containsExactly("retail.product.changed", "retail.inventory.stock-changed");
    }

    @Test
    void shouldFallBackToTheDefaultTypeWhenNoRuleMatches() {
        assertThat(types.typesFor("public.products", "delete", row(1), null)).containsExactly("retail.product.deleted");
        assertThat(types.typesFor("public.products", "snapshot", null, row(1)))
                .containsExactly("retail.product.snapshot");
        assertThat(types.typesFor("public.order_details", "truncate", null, null))
                .as("blank entity: the table name").containsExactly("retail.order_details.truncated");
        assertThat(types.typesFor("sales.refunds", "create", null, row(1))).containsExactly("retail.refunds.created");
    }
}

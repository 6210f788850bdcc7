package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * A customer's orders, newest first, as {@code adapters/retailcore/mappings/order-list-to-json.xsl} makes it.
 *
 * @param items      the orders, without lines
 * @param totalCount how many orders the customer has
 */
@Schema(name = "OrderList", description = "A customer's orders, newest first")
public record OrderList(
        @Schema(requiredMode = RequiredMode.REQUIRED) List<OrderSummary> items,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "6") Integer totalCount) {
}

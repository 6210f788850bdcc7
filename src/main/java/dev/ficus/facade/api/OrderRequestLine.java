package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One line of an {@link OrderRequest}.
 *
 * @param productId       required, 1 to 32767
 * @param quantity        required, 1 to 32767 units
 * @param unitPrice       price per unit; absent: the product's list price
 * @param discountPercent percentage, decimal string 0 to 100 with at most 2 decimals
 */
@Schema(name = "OrderRequestLine", description = "One line of an order to enter")
public record OrderRequestLine(
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "1", maximum = "32767", example = "11")
        Integer productId,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "1", maximum = "32767", example = "6")
        Integer quantity,
        Money unitPrice,
        @Schema(pattern = "^[0-9]{1,3}(\\.[0-9]{1,2})?$") String discountPercent) {
}

package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One line of an {@link Order} (order-to-json.xsl); prices are in the order's currency.
 *
 * @param productId       the product
 * @param unitPrice       price per unit, or null
 * @param quantity        units, or null
 * @param discountPercent discount as a percentage with 2 decimals ({@code "15.00"} is 15 %), or null
 */
@Schema(name = "OrderLine", description = "One line of an order")
public record OrderLine(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "11") Integer productId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Money unitPrice,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "12") Integer quantity,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, pattern = "^[0-9]+\\.[0-9]{2}$") String discountPercent) {
}

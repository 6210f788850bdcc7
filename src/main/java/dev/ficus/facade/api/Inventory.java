package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * A product's stock, as {@code adapters/retailcore/mappings/stock-to-json.xsl} makes it from RetailCore's
 * {@code <STOCK>}.
 *
 * @param productId     the product
 * @param unitsInStock  units in stock, or null
 * @param unitsOnOrder  units on order, or null
 * @param reorderLevel  stock level (units) at which to reorder, or null
 * @param reorderNeeded RetailCore's REORDER_FLAG, or null
 */
@Schema(name = "Inventory", description = "A product's stock and whether a reorder is needed")
public record Inventory(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "70") Integer productId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer unitsInStock,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer unitsOnOrder,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer reorderLevel,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Boolean reorderNeeded) {
}

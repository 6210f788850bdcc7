package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One product, as {@code adapters/retailcore/mappings/product-to-json.xsl} makes it from RetailCore's
 * {@code <PRODUCT>}; also each item of {@link ProductPage}.
 *
 * @param id              RetailCore's PRODUCT_ID
 * @param name            product name
 * @param supplierId      supplier id, or null
 * @param categoryId      category id, or null
 * @param categoryName    category name, or null
 * @param quantityPerUnit e.g. {@code "1 kg pkg."}, or null
 * @param unitPrice       list price, or null
 * @param unitsInStock    units in stock, or null
 * @param unitsOnOrder    units on order, or null
 * @param reorderLevel    stock level (units) at which to reorder, or null
 * @param discontinued    whether the product is no longer sold, or null
 */
@Schema(name = "Product", description = "One product (RetailCore PRODUCT)")
public record Product(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "11") Integer id,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "Queso Cabrales") String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer supplierId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer categoryId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String categoryName,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String quantityPerUnit,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Money unitPrice,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer unitsInStock,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer unitsOnOrder,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer reorderLevel,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Boolean discontinued) {
}

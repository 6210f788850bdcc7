package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * One page of products, as {@code adapters/retailcore/mappings/product-list-to-json.xsl} makes it.
 *
 * @param items      the page's products, in product id order
 * @param totalCount every product matching the filters, not just this page
 * @param page       the 0-based page number asked for
 * @param size       the page size asked for, items
 */
@Schema(name = "ProductPage", description = "One page of products")
public record ProductPage(
        @Schema(requiredMode = RequiredMode.REQUIRED) List<Product> items,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "77") Integer totalCount,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "0") Integer page,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "20") Integer size) {
}

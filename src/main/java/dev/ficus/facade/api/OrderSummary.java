package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * An order's header without its lines: each item of {@link OrderList}, as
 * {@code adapters/retailcore/mappings/order-list-to-json.xsl} makes it (template {@code rc:order-header}).
 *
 * @param id             RetailCore's ORDER_ID
 * @param customerId     the customer who ordered
 * @param employeeId     the employee who took the order, or null
 * @param orderDate      ISO-8601 date, or null
 * @param requiredDate   ISO-8601 date, or null
 * @param shippedDate    ISO-8601 date, or null (not shipped yet)
 * @param shipVia        shipper id, or null
 * @param freight        freight charge, or null
 * @param shipName       recipient, or null
 * @param shipAddress    street address, or null
 * @param shipCity       city, or null
 * @param shipRegion     region, or null
 * @param shipPostalCode postal code, or null
 * @param shipCountry    country, or null
 */
@Schema(name = "OrderSummary", description = "An order without its lines")
public record OrderSummary(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "10248") Integer id,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, example = "VINET") String customerId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Integer employeeId,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date") String orderDate,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date") String requiredDate,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, format = "date") String shippedDate,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true, description = "shipper id") Integer shipVia,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) Money freight,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipName,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipAddress,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipCity,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipRegion,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipPostalCode,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipCountry) {
}

package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * One order with its lines, as {@code adapters/retailcore/mappings/order-to-json.xsl} makes it from RetailCore's
 * {@code <ORDER>}: the members of {@link OrderSummary} and {@code lines}.
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
 * @param lines          the order's lines, in RetailCore's order
 */
@Schema(name = "Order", description = "One order with its lines")
public record Order(
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
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String shipCountry,
        @Schema(requiredMode = RequiredMode.REQUIRED) List<OrderLine> lines) {
}

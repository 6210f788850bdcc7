package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The body of {@code POST /api/v1/orders}, as {@code FacadeRequests.orderRequest} (dev.ficus.facade
 * {@code OrderRequestCheck}) accepts it; money must be in RetailCore's currency ({@code facade.currency}).
 *
 * @param customerId     required, 1 to 5 letters or digits
 * @param employeeId     positive integer
 * @param requiredDate   ISO-8601 date
 * @param shipVia        shipper id, positive integer
 * @param freight        amount 0 to 9999.99
 * @param shipName       at most 40 characters
 * @param shipAddress    at most 60 characters
 * @param shipCity       at most 15 characters
 * @param shipRegion     at most 15 characters
 * @param shipPostalCode at most 10 characters
 * @param shipCountry    at most 15 characters
 * @param lines          1 to 100 lines, each product once
 */
@Schema(name = "OrderRequest", description = "An order to enter in RetailCore")
public record OrderRequest(
        @Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9]{1,5}$", example = "ALFKI")
        String customerId,
        @Schema(minimum = "1") Integer employeeId,
        @Schema(format = "date", example = "2026-12-24") String requiredDate,
        @Schema(minimum = "1") Integer shipVia,
        Money freight,
        @Schema(maxLength = 40) String shipName,
        @Schema(maxLength = 60) String shipAddress,
        @Schema(maxLength = 15) String shipCity,
        @Schema(maxLength = 15) String shipRegion,
        @Schema(maxLength = 10) String shipPostalCode,
        @Schema(maxLength = 15) String shipCountry,
        @ArraySchema(minItems = 1, maxItems = 100, schema = @Schema(requiredMode = RequiredMode.REQUIRED))
        @Schema(requiredMode = RequiredMode.REQUIRED)
        List<OrderRequestLine> lines) {
}

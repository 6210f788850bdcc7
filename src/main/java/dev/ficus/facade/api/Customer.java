package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One customer, as {@code adapters/retailcore/mappings/customer-to-json.xsl} makes it from RetailCore's
 * {@code <CUSTOMER>}. Every member but {@code id} is a string or null.
 *
 * @param id           RetailCore's CUSTOMER_ID, 1 to 5 letters or digits
 * @param companyName  company name
 * @param contactName  contact name
 * @param contactTitle contact title
 * @param address      street address
 * @param city         city
 * @param region       region
 * @param postalCode   postal code
 * @param country      country
 * @param phone        phone number
 * @param fax          fax number
 */
@Schema(name = "Customer", description = "One customer (RetailCore CUSTOMER)")
public record Customer(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "ALFKI") String id,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String companyName,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String contactName,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String contactTitle,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String address,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String city,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String region,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String postalCode,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String country,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String phone,
        @Schema(requiredMode = RequiredMode.REQUIRED, nullable = true) String fax) {
}

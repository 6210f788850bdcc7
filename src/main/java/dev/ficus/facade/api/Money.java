package dev.ficus.facade.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * An amount of money, {@code {"amount":"21.00","currency":"USD"}}: the amount a decimal string with exactly 2
 * decimals (never a binary floating-point number), the currency an ISO 4217 code (RetailCore's {@code CURRENCY_CODE}).
 *
 * @param amount   decimal string, e.g. {@code "21.00"}
 * @param currency ISO 4217 code, e.g. {@code "USD"}
 */
// nullable on the type, not on each member: swagger-core moves a member's nullable onto the $ref'd schema only
// sometimes (it depends on which class it reads first), which made the served document differ from the copy
@Schema(name = "Money", nullable = true,
        description = "An amount of money, or null when RetailCore has none; amount is a decimal string")
public record Money(
        @Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[0-9]+(\\.[0-9]{1,2})?$",
                description = "decimal string; answers always carry exactly 2 decimals")
        String amount,
        @Schema(requiredMode = RequiredMode.REQUIRED, pattern = "^[A-Z]{3}$", example = "USD",
                description = "ISO 4217 currency code")
        String currency) {
}

package dev.ficus.platform.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The shape of every problem {@link Problems} writes (RFC 9457 {@code application/problem+json}), for the OpenAPI
 * document only: REST DSL {@code responseMessage}s name it as their {@code responseModel} (schema
 * {@code Problem}). Nothing serialises this record; {@link Problems#toJson} is the one writer.
 *
 * @param type          RFC 9457 type, a URI reference; {@code about:blank} for Ficus's problems
 * @param title         the status's standard reason phrase (RFC 9110)
 * @param status        the HTTP status code
 * @param detail        what went wrong in this occurrence
 * @param instance      the client's request path
 * @param requestId     the exchange's {@code X-Request-Id} (Ficus extension member)
 * @param invalidParams 400 only: each offending field and why (extension member)
 * @param faultCode     502 after a SOAP fault only: its {@code faultcode} (extension member)
 * @param faultString   502 after a SOAP fault only: its {@code faultstring} (extension member)
 * @param reason        POS ingest 400 only: the reason code of the refusal, e.g. {@code malformed-xml} (extension member)
 * @param results       POS ingest 400 when no transaction is acceptable: one result per transaction (extension
 *                      member; schema {@code PosTransactionResult} of {@code dev.ficus.pos.api}, named by reference
 *                      so that the platform does not depend on POS)
 */
@Schema(name = "Problem", description = "RFC 9457 problem details, with Ficus's requestId")
public record ProblemDocument(
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri-reference", example = "about:blank")
        String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "Not Found") String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "400", maximum = "599", example = "404")
        Integer status,
        @Schema(example = "product 99999 not found") String detail,
        @Schema(format = "uri-reference", example = "/api/v1/products/99999") String instance,
        @Schema(example = "0b9e3c1e-5d6f-4a51-9a43-0c1e8f6e2d11") String requestId,
        List<InvalidParam> invalidParams,
        @Schema(example = "soap:Client") String faultCode,
        String faultString,
        @Schema(example = "malformed-xml") String reason,
        @ArraySchema(schema = @Schema(ref = "#/components/schemas/PosTransactionResult")) List<Object> results) {

    /**
     * One entry of {@code invalidParams}.
     *
     * @param name   the field: a query or path parameter, or a JSON body path such as {@code lines[0].quantity}
     * @param reason why its value is refused
     */
    @Schema(name = "InvalidParam", description = "A request field refused, and why")
    public record InvalidParam(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "size") String name,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "must be an integer from 1 to 100")
            String reason) {
    }
}

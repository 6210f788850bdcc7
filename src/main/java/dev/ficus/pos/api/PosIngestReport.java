package dev.ficus.pos.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The 202 answer of {@code POST /api/v1/pos/transactions}: what became of each transaction of one POSLog document;
 * {@code received = published + duplicates + deadLettered}.
 *
 * @param received     transactions read from the document
 * @param published    transactions published as events (corrections included)
 * @param duplicates   transactions whose same content was published before under their key (nothing sent)
 * @param deadLettered transactions refused and sent to {@code pos.inbound.DLQ} with the reason (key conflicts
 *                     included)
 * @param results      one result per transaction, in document order
 */
@Schema(name = "PosIngestReport", description = "What became of each transaction of one POSLog document")
public record PosIngestReport(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "2") Integer received,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "1") Integer published,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "0") Integer duplicates,
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "1") Integer deadLettered,
        @Schema(requiredMode = RequiredMode.REQUIRED) List<PosTransactionResult> results) {
}

package dev.ficus.pos.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * One transaction's outcome in a {@link PosIngestReport} (and in the {@code results} of a 400 problem). Members
 * that do not apply are absent, never {@code null}.
 *
 * @param index          the transaction's position in its document, from 0
 * @param key            the idempotency key {@code store/workstation/business day/sequence}; absent when the
 *                       transaction has none
 * @param type           the CloudEvents type of its event, e.g. {@code retail.pos.sale-completed}; absent when
 *                       rejected before mapping
 * @param eventId        the CloudEvents id of its (first) event
 * @param returnEventId  an exchange's second event (the return side), when there is one
 * @param status         {@code published}, {@code corrected} (a later version published as a correction),
 *                       {@code duplicate} (same content published before) or {@code rejected} (dead-lettered)
 * @param correctionOf   {@code corrected} only: the event id of the version it corrects
 * @param totalsBalanced present (and {@code false}) only when the line totals do not add up to the transaction's
 *                       total; the event is published anyway
 * @param reason         {@code rejected} only: the reason code, {@code missing-ids}, {@code invalid-value},
 *                       {@code unsupported-transaction} or {@code key-conflict}
 * @param detail         {@code rejected} only: one line for a human
 */
@Schema(name = "PosTransactionResult", description = "What became of one transaction of a POSLog document")
public record PosTransactionResult(
        @Schema(requiredMode = RequiredMode.REQUIRED, example = "0") Integer index,
        @Schema(example = "77/3/2024-03-01/1001") String key,
        @Schema(example = "retail.pos.sale-completed") String type,
        @Schema(example = "5b0c4b8e-2f3a-5d7e-9c1a-6e4f2d8b7a90") String eventId,
        String returnEventId,
        @Schema(requiredMode = RequiredMode.REQUIRED,
                allowableValues = {"published", "corrected", "duplicate", "rejected"}, example = "published")
        String status,
        String correctionOf,
        Boolean totalsBalanced,
        @Schema(example = "missing-ids") String reason,
        String detail) {
}

/**
 * The shapes of the POS HTTP channel's JSON answers, for the OpenAPI document only: the REST DSL of
 * {@code routes/pos/pos-ingest.camel.yaml} names these records ({@code responseModel}) and camel-openapi-java turns
 * them into {@code components/schemas} with swagger-core. No route reads or writes them: the report is made by
 * {@code dev.ficus.pos.IngestReport} and {@code PosDocumentIngest}; {@code PosIngestIT} reads a real answer through
 * the client generated from the contract, so the two cannot drift apart unnoticed.
 */
package dev.ficus.pos.api;

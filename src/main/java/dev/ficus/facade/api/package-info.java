/**
 * The shapes of the modern API's JSON bodies, for its OpenAPI document only: the REST DSL of
 * {@code routes/facade/*.camel.yaml} names these records ({@code type} for a request body, {@code responseModel}
 * for an answer) and camel-openapi-java turns them into {@code components/schemas} with swagger-core. No route
 * reads or writes them: the bodies are made by the XSLT mappings under {@code adapters/retailcore/mappings/}
 * (answers) and checked by {@code FacadeRequests} (requests); each record's comment names its mapping, and
 * {@code FacadeApiIT} and {@code ApiClientIT} check that real answers fit.
 *
 * <p>Conventions (adapters/retailcore/README.md, "Canonical JSON"): every member is always present; a legacy
 * value that is empty is {@code null} ({@code nullable}); money is {@link dev.ficus.facade.api.Money}; dates are
 * ISO-8601 {@code yyyy-MM-dd}; decimals are strings with exactly 2 decimals.
 */
package dev.ficus.facade.api;

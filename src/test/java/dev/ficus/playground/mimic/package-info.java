/**
 * The RetailCore mimic: an embedded WireMock server that serves the legacy RetailCore HTTP interface (XML lookups,
 * SOAP 1.1 order entry) from the Northwind database. The contract is {@code adapters/retailcore/README.md}.
 */
package dev.ficus.playground.mimic;

/**
 * Named interface {@code web} of the platform module: the one RFC 9457 problem+json writer ({@link dev.ficus.platform.web.Problems}), header names and request ids shared by every HTTP surface, the body limit ({@link dev.ficus.platform.web.RequestBodyLimit}), and the strict readers of admin input ({@link dev.ficus.platform.web.JsonBodies} for JSON bodies, {@link dev.ficus.platform.web.QueryParameters} for whole-number query parameters).
 */
@NamedInterface("web")
package dev.ficus.platform.web;

import org.springframework.modulith.NamedInterface;

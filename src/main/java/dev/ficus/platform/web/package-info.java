/**
 * Named interface {@code web} of the platform module: the one RFC 9457 problem+json writer ({@link dev.ficus.platform.web.Problems}), header names and request ids shared by every HTTP surface.
 */
@NamedInterface("web")
package dev.ficus.platform.web;

import org.springframework.modulith.NamedInterface;

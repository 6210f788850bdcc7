/**
 * The HTTP contract every Ficus capability shares: request ids and W3C trace context ({@link
 * dev.ficus.platform.web.RequestIds}, {@link dev.ficus.platform.web.FicusHeaders}) and RFC 9457 problem details
 * ({@link dev.ficus.platform.web.Problems}, written to Camel exchanges and servlet responses, and
 * {@link dev.ficus.platform.web.SpringProblems} for Spring MVC controllers).
 */
package dev.ficus.platform.web;

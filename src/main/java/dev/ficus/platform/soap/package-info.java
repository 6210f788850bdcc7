/**
 * Named interface {@code soap} of the platform module: the one SOAP 1.1 fault parser.
 */
@NamedInterface("soap")
package dev.ficus.platform.soap;

import org.springframework.modulith.NamedInterface;

/**
 * SOAP 1.1 as Ficus meets it at RetailCore: reading faults ({@link dev.ficus.platform.soap.SoapFault}).
 */
package dev.ficus.platform.soap;

/**
 * Named interface {@code events} of the platform module: the one CloudEvents 1.0 JSON writer and the message
 * header names (Artemis duplicate detection, group id, CloudEvents attributes) that change data capture and POS
 * ingest share.
 */
@NamedInterface("events")
package dev.ficus.platform.events;

import org.springframework.modulith.NamedInterface;

package dev.ficus.cdc;

/**
 * One change of one legacy row as it goes to Artemis: a CloudEvents 1.0 event in JSON structured mode.
 *
 * @param id         CloudEvents {@code id}: a name-based UUID of LSN, table, key, operation and type, so the same
 *                   source change always has the same id; also Artemis's duplicate-detection id
 * @param type       CloudEvents {@code type}, also the Artemis multicast address
 * @param subject    CloudEvents {@code subject}: the entity key ({@code 11}, or {@code 10248/11} for a composite
 *                   key); {@code null} for a truncate
 * @param groupId    JMSXGroupID: {@code <table>/<subject>}, so one entity's changes stay in order
 * @param table      {@code schema.table} of the change
 * @param lsn        PostgreSQL LSN of the change (0 for a snapshot row without one)
 * @param commitTimeMs commit time in the legacy database, epoch ms
 * @param json       the whole event, {@code application/cloudevents+json}, UTF-8
 */
public record CanonicalEvent(String id, String type, String subject, String groupId, String table, long lsn,
                             long commitTimeMs, String json) {
}

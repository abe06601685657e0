package io.livestage.server.webhooks;

/**
 * A record at its place in the outbox.
 *
 * @param position where it is (a Redis Stream id, or a counter in memory); entries are read in its order
 * @param record   the event, or null when the outbox lost it (trimmed past retention before any delivery)
 */
public record OutboxEntry(String position, OutboxRecord record) {
}

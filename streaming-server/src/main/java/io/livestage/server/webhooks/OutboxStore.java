package io.livestage.server.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where reported events wait for delivery, and each endpoint's place among them: Redis with
 * {@code redis.uri} (durable, shared by every node), memory without. Each endpoint is delivered by one
 * node at a time, the holder of the endpoint's lease.
 */
public interface OutboxStore extends AutoCloseable {
    /** Gives each endpoint that has none a place in the outbox, at its end: it gets the events appended from now on. */
    CompletionStage<Void> prepare(List<String> endpoints);

    /** Appends the record, unless one with its delivery id was appended recently; true when it was appended. */
    CompletionStage<Boolean> append(OutboxRecord record);

    /** Takes the endpoint's lease for {@code lease}, or extends it when the owner holds it; false while another does. */
    CompletionStage<Boolean> acquire(String endpoint, String owner, Duration lease);

    /** Gives the lease up, if the owner still holds it. */
    CompletionStage<Void> release(String endpoint, String owner);

    /**
     * The endpoint's next entries not yet settled, oldest first, at most {@code max}: those a previous read
     * handed out and nobody settled come first. Null when the owner does not hold the lease.
     */
    CompletionStage<List<OutboxEntry>> next(String endpoint, String owner, int max);

    /** The endpoint is done with the entry (delivered, dead-lettered, or not wanted). */
    CompletionStage<Void> settle(String endpoint, String position);

    /** Keeps the entry in the dead-letter stream, for the operator to inspect or replay. */
    CompletionStage<Void> deadLetter(String endpoint, OutboxEntry entry, int attempts, String lastError);

    /** What the endpoint has still to deliver. */
    CompletionStage<Backlog> backlog(String endpoint);

    /** @param oldestMillis when the oldest undelivered entry was appended, or -1 when there is none */
    record Backlog(long events, long oldestMillis) {
        public static final Backlog EMPTY = new Backlog(0, -1);
    }

    @Override
    void close();
}

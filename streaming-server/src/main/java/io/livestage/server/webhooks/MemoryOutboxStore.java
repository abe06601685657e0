package io.livestage.server.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The outbox of a node without Redis (dev): in memory, so events not yet delivered are lost with the
 * process. One node, so the lease is always its own. Entries every endpoint has settled are dropped; an event
 * given up is only logged and counted (no dead-letter stream).
 */
public final class MemoryOutboxStore implements OutboxStore {
    private final Clock clock;
    private final long dedupeMs;
    /** Appended entries from {@code base} on, by position. */
    private final List<OutboxEntry> entries = new ArrayList<>();
    private long base;
    /** Per endpoint, the position of its next entry to settle. */
    private final Map<String, Long> cursors = new HashMap<>();
    /** Delivery ids appended within {@code dedupeMs}, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public MemoryOutboxStore(List<String> endpoints, Clock clock, Duration dedupe) {
        this.clock = clock;
        this.dedupeMs = dedupe.toMillis();
        for (String endpoint : endpoints) {
            cursors.put(endpoint, 0L);
        }
    }

    @Override
    public synchronized CompletionStage<Boolean> append(OutboxRecord record) {
        long now = clock.millis();
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext() && it.next() < now - dedupeMs; ) {
            it.remove();
        }
        if (seen.containsKey(record.deliveryId())) {
            return CompletableFuture.completedFuture(false);
        }
        seen.put(record.deliveryId(), now);
        entries.add(new OutboxEntry(Long.toString(base + entries.size()), record));
        return CompletableFuture.completedFuture(true);
    }

    /** The endpoints got their places when the store was made. */
    @Override
    public CompletionStage<Void> prepare(List<String> endpoints) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> acquire(String endpoint, String owner, Duration lease) {
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Void> release(String endpoint, String owner) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<List<OutboxEntry>> next(String endpoint, String owner, int max) {
        int from = (int) (cursor(endpoint) - base);
        int to = Math.min(entries.size(), from + max);
        return CompletableFuture.completedFuture(List.copyOf(entries.subList(from, to)));
    }

    @Override
    public synchronized CompletionStage<Void> settle(String endpoint, String position) {
        long settled = Long.parseLong(position);
        if (settled >= cursor(endpoint)) {
            cursors.put(endpoint, settled + 1);
        }
        long lowest = cursors.values().stream().mapToLong(Long::longValue).min().orElse(base + entries.size());
        entries.subList(0, (int) (lowest - base)).clear();
        base = lowest;
        return CompletableFuture.completedFuture(null);
    }

    /** Nowhere to keep it that outlives the process: the deliverer's error line and metric are the record. */
    @Override
    public CompletionStage<Void> deadLetter(String endpoint, OutboxEntry entry, int attempts, String lastError) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Backlog> backlog(String endpoint) {
        int from = (int) (cursor(endpoint) - base);
        if (from >= entries.size()) {
            return CompletableFuture.completedFuture(Backlog.EMPTY);
        }
        return CompletableFuture.completedFuture(new Backlog(entries.size() - from,
                entries.get(from).record().createdAtMillis()));
    }

    private long cursor(String endpoint) {
        Long cursor = cursors.get(endpoint);
        if (cursor == null) {
            throw new IllegalArgumentException("unknown webhook endpoint " + endpoint);
        }
        return cursor;
    }

    @Override
    public void close() {
    }
}

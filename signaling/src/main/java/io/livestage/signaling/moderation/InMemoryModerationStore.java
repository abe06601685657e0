package io.livestage.signaling.moderation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/** Bans and reports in this process's memory: one node, dev and tests. */
public final class InMemoryModerationStore implements ModerationStore {
    /** Reports kept for inspection; older ones are dropped, as Redis trims its stream. */
    private static final int MAX_REPORTS = 10_000;

    private final ConcurrentMap<String, Set<String>> bans = new ConcurrentHashMap<>();
    private final Set<String> serverBans = ConcurrentHashMap.newKeySet();
    /** One node: an announcement is heard at once, by this process alone. */
    private volatile BiConsumer<String, String> putOuts;
    private final Deque<Report> reports = new ArrayDeque<>();
    private final AtomicLong reportIds = new AtomicLong();

    @Override
    public CompletionStage<Boolean> isBanned(String creatorId, String userId) {
        Set<String> banned = bans.get(creatorId);
        return CompletableFuture.completedFuture(banned != null && banned.contains(userId));
    }

    @Override
    public CompletionStage<Void> setBanned(String creatorId, String userId, boolean banned) {
        if (banned) {
            bans.computeIfAbsent(creatorId, id -> ConcurrentHashMap.newKeySet()).add(userId);
        } else {
            bans.computeIfPresent(creatorId, (id, users) -> {
                users.remove(userId);
                return users.isEmpty() ? null : users;
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> isServerBanned(String userId) {
        return CompletableFuture.completedFuture(serverBans.contains(userId));
    }

    @Override
    public CompletionStage<Void> setServerBanned(String userId, boolean banned) {
        if (banned) {
            serverBans.add(userId);
        } else {
            serverBans.remove(userId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> putOutEverywhere(String userId, String reason) {
        BiConsumer<String, String> listener = putOuts;
        if (listener != null) {
            listener.accept(userId, reason);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onPutOut(BiConsumer<String, String> listener) {
        this.putOuts = listener;
    }

    @Override
    public CompletionStage<String> report(Report report) {
        synchronized (reports) {
            if (reports.size() == MAX_REPORTS) {
                reports.removeFirst();
            }
            reports.addLast(report);
        }
        return CompletableFuture.completedFuture("report-" + reportIds.incrementAndGet());
    }

    /** The reports filed so far, oldest first (there is no platform to read them in dev). */
    public List<Report> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    @Override
    public void close() {
        // Nothing to release: the state goes with the process.
    }
}

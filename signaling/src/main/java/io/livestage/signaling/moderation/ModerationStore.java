package io.livestage.signaling.moderation;

import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What outlives a show: the users each creator banned from their shows, the users the platform banned
 * from the whole service, and the reports viewers file for the platform. Redis when {@code redis.uri} is set (every node sees every ban), in memory
 * otherwise. Asynchronous, so a slow store never blocks an event loop.
 */
public interface ModerationStore extends AutoCloseable {
    /** Whether the creator banned the user from their shows. */
    CompletionStage<Boolean> isBanned(String creatorId, String userId);

    /** Bans the user from the creator's shows, or lifts the ban. */
    CompletionStage<Void> setBanned(String creatorId, String userId, boolean banned);

    /** Whether the platform banned the user from the whole service (every node, every show and call). */
    CompletionStage<Boolean> isServerBanned(String userId);

    /**
     * Bans the user from the whole service, or lifts the ban: the platform's decision (server API), checked
     * at every sign-in. Closing the user's open connections is the caller's part.
     */
    CompletionStage<Void> setServerBanned(String userId, boolean banned);

    /**
     * Tells every node sharing this store to close the user's connections (close 4003 with the reason,
     * {@code banned} or {@code removed}); the nodes' {@link #onPutOut} listeners do it. Best effort: a node
     * that misses it still refuses the user's next sign-in if the user is banned.
     */
    CompletionStage<Void> putOutEverywhere(String userId, String reason);

    /** Where this node hears {@link #putOutEverywhere} (its own announcements included): user id, reason. */
    void onPutOut(BiConsumer<String, String> listener);

    /** Files a report for the platform's moderators; completes with the report's id. */
    CompletionStage<String> report(Report report);

    @Override
    void close();

    /** A single node's store, lost with the process. */
    static InMemoryModerationStore inMemory() {
        return new InMemoryModerationStore();
    }
}

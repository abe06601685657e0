package io.livestage.signaling.moderation;

import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.livestage.signaling.webhooks.WebhookOutbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The moderation store, reporting {@code user.banned} once a ban is recorded, and {@code report.filed}
 * once a viewer's report is kept (scope {@code creator}
 * or, for the platform's server-wide bans, {@code server}). Every ban goes through
 * the store (a host's or moderator's {@code room.moderate}, and the platform's server API), so
 * wrapping the store once reports them all.
 */
public final class OutboxModerationStore implements ModerationStore {
    private final ModerationStore store;
    private final WebhookOutbox outbox;

    public OutboxModerationStore(ModerationStore store, WebhookOutbox outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    @Override
    public CompletionStage<Boolean> isBanned(String creatorId, String userId) {
        return store.isBanned(creatorId, userId);
    }

    @Override
    public CompletionStage<Void> setBanned(String creatorId, String userId, boolean banned) {
        return store.setBanned(creatorId, userId, banned).thenApply(done -> {
            if (banned) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("userId", userId);
                data.put("scope", "creator");
                data.put("creatorId", creatorId);
                outbox.append(WebhookEvent.unique(WebhookEventType.USER_BANNED, data));
            }
            return done;
        });
    }

    @Override
    public CompletionStage<Boolean> isServerBanned(String userId) {
        return store.isServerBanned(userId);
    }

    @Override
    public CompletionStage<Void> setServerBanned(String userId, boolean banned) {
        return store.setServerBanned(userId, banned).thenApply(done -> {
            if (banned) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("userId", userId);
                data.put("scope", "server");
                outbox.append(WebhookEvent.unique(WebhookEventType.USER_BANNED, data));
            }
            return done;
        });
    }

    @Override
    public CompletionStage<Void> putOutEverywhere(String userId, String reason) {
        return store.putOutEverywhere(userId, reason);
    }

    @Override
    public void onPutOut(BiConsumer<String, String> listener) {
        store.onPutOut(listener);
    }

    @Override
    public CompletionStage<String> report(Report report) {
        return store.report(report).thenApply(reportId -> {
            // The platform's moderators act on it: who reported whom, where, why, and the line itself.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reportId", reportId);
            data.put("reporterId", report.reporterId());
            data.put("roomId", report.roomId());
            data.put("hostId", report.hostId());
            data.put("userId", report.userId());
            data.put("messageId", report.messageId());
            data.put("text", report.text());
            data.put("reason", report.reason());
            data.put("ts", report.ts());
            outbox.append(WebhookEvent.of(WebhookEventType.REPORT_FILED, reportId, data));
            return reportId;
        });
    }

    @Override
    public void close() {
        store.close();
    }
}

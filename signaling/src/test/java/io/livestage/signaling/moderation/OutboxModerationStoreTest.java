package io.livestage.signaling.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every recorded ban, a creator's or the platform's server-wide one, is reported once as user.banned. */
class OutboxModerationStoreTest {
    private final List<WebhookEvent> reported = new ArrayList<>();
    private final OutboxModerationStore store = new OutboxModerationStore(ModerationStore.inMemory(), reported::add);

    @Test
    void aServerWideBanIsRecordedAndReportedWithItsScope() {
        store.setServerBanned("troll-3", true).toCompletableFuture().join();

        assertTrue(store.isServerBanned("troll-3").toCompletableFuture().join());
        assertEquals(1, reported.size());
        assertEquals(WebhookEventType.USER_BANNED, reported.get(0).type());
        assertEquals(Map.of("userId", "troll-3", "scope", "server"), reported.get(0).data());

        store.setServerBanned("troll-3", false).toCompletableFuture().join();
        assertEquals(1, reported.size(), "lifting a ban is not a ban");
    }

    @Test
    void aCreatorsBanIsReportedWithTheCreator() {
        store.setBanned("creator-42", "troll-3", true).toCompletableFuture().join();

        assertTrue(store.isBanned("creator-42", "troll-3").toCompletableFuture().join());
        assertEquals(Map.of("userId", "troll-3", "scope", "creator", "creatorId", "creator-42"), reported.get(0).data());
    }

    @Test
    void aReportIsKeptThenReportedToThePlatformUnderItsId() {
        String id = store.report(new Report("viewer-1", "room-7", "creator-42", "troll-3", "m-9", "buy followers here",
                "spam", 1_000L)).toCompletableFuture().join();

        assertEquals(1, reported.size());
        WebhookEvent event = reported.get(0);
        assertEquals(WebhookEventType.REPORT_FILED, event.type());
        assertEquals(id, event.data().get("reportId"));
        assertEquals("troll-3", event.data().get("userId"));
        assertEquals("buy followers here", event.data().get("text"));
        assertEquals("spam", event.data().get("reason"));
    }

    @Test
    void putOutAnnouncementsPassThrough() {
        List<String> heard = new ArrayList<>();
        store.onPutOut((userId, reason) -> heard.add(userId + ":" + reason));
        store.putOutEverywhere("troll-3", "banned").toCompletableFuture().join();
        assertEquals(List.of("troll-3:banned"), heard);
    }
}

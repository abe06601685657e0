package io.livestage.gifts.redis;

import static io.livestage.gifts.Gifts.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.GiftSettings;
import io.livestage.gifts.Gifts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UnreachableRedisTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void requestsFailAsUnavailableWithinTheCommandTimeoutAndHealthIsFalse() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (GiftBridge bridge = GiftBridge.redis("redis://127.0.0.1:1", "livestage-test-unreachable", Gifts.CATALOG,
                new GiftSettings(400, 99, TIMEOUT), registry)) {
            GiftOrder order = new GiftOrder("room", "alice", "Alice", "bob", "rose", 1, "k1");
            assertUnavailableQuickly(() -> bridge.store().send(order));
            assertUnavailableQuickly(() -> bridge.store().wallet("alice"));
            assertUnavailableQuickly(() -> bridge.store().credit("alice", 10, "p1"));
            assertUnavailableQuickly(() -> bridge.store().leaderboard("room", 3));
            assertFalse(await(bridge.healthy()));
            assertFalse(bridge.ready().toCompletableFuture().isDone());
            assertTrue(registry.get("livestage.gifts.redis.errors").counter().count() >= 4);
        }
    }

    /** Also: what clients are told names neither Redis's address nor the exception that failed. */
    private static void assertUnavailableQuickly(Supplier<CompletionStage<?>> request) {
        long started = System.nanoTime();
        GiftException refused = assertThrows(GiftException.class, () -> await(request.get()));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Reason.UNAVAILABLE, refused.reason());
        assertTrue(elapsedMs < TIMEOUT.toMillis() * 3, "took " + elapsedMs + " ms");
        for (String secret : List.of("127.0.0.1", "localhost", "redis://", ":1", "Exception", "connect")) {
            assertFalse(refused.getMessage().contains(secret), refused.getMessage());
        }
    }
}

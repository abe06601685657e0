package io.livestage.gifts.redis;

import static io.livestage.gifts.Gifts.await;
import static io.livestage.gifts.Gifts.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.CallMinute;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.Wallet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis does not roll a script back when a command inside it fails, so every script reads and checks
 * all it needs before its first write. Here keys hold what the bridge never writes (text where a number
 * belongs, another type); each request must fail whole, typed and at once, and change nothing.
 */
class RedisScriptFaultsTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run;
    private final String bob = "bob-" + run;
    private final String room = "room-" + run;
    private RedisTestSupport redis;
    private GiftBridge bridge;

    @BeforeEach
    void open() {
        redis = new RedisTestSupport();
        bridge = GiftBridge.redis(RedisTestSupport.URI, redis.prefix, Gifts.CATALOG, Gifts.SETTINGS,
                new SimpleMeterRegistry());
        await(bridge.ready());
    }

    @AfterEach
    void close() {
        bridge.close();
        redis.close();
    }

    private String key(String suffix) {
        return redis.prefix + ":" + suffix;
    }

    private GiftOrder rose(String key) {
        return new GiftOrder(room, alice, "Alice", bob, "rose", 1, key);
    }

    @Test
    void aSendWhoseRecipientCannotBeCreditedDebitsNobody() {
        await(bridge.store().credit(alice, 100, "p-" + run));
        redis.redis.hset(key("wallet:" + bob), "earnings", "plenty");
        long ledger = redis.redis.xlen(key("ledger"));

        Reason refused = failure(bridge.store().send(rose("k1")));
        assertEquals(new Wallet(100, 0), await(bridge.store().wallet(alice)));
        assertEquals("plenty", redis.redis.hget(key("wallet:" + bob), "earnings"));
        assertEquals(ledger, redis.redis.xlen(key("ledger")));
        assertEquals(0, redis.redis.exists(key("idem:" + alice + ":k1"), key("gifts"), key("lb:" + room)));
        assertEquals(Reason.INVALID_STATE, refused);
    }

    @Test
    void aSendOntoALeaderboardOfAnotherTypeChangesNothing() {
        await(bridge.store().credit(alice, 100, "p-" + run));
        redis.redis.set(key("lb:" + room), "not a sorted set");

        Reason refused = failure(bridge.store().send(rose("k1")));
        assertEquals(new Wallet(100, 0), await(bridge.store().wallet(alice)));
        assertEquals(new Wallet(0, 0), await(bridge.store().wallet(bob)));
        assertEquals(0, redis.redis.exists(key("idem:" + alice + ":k1"), key("gifts"), key("combo:" + room)));
        assertEquals(Reason.INVALID_STATE, refused);
    }

    @Test
    void aCreditOntoALedgerOfAnotherTypeCreditsNothing() {
        redis.redis.set(key("ledger"), "not a stream");

        Reason refused = failure(bridge.store().credit(alice, 100, "p-" + run));
        assertEquals(new Wallet(0, 0), await(bridge.store().wallet(alice)));
        assertEquals(0, redis.redis.exists(key("purchase:p-" + run)));
        assertEquals(Reason.INVALID_STATE, refused);
    }

    @Test
    void aMinuteWhoseConsultantCannotBeCreditedDebitsNobody() {
        await(bridge.store().credit(alice, 100, "p-" + run));
        redis.redis.hset(key("wallet:" + bob), "earnings", "12.5");
        String callId = "call-" + run;

        Reason refused = failure(bridge.store().chargeCallMinute(new CallMinute(callId, room, alice, bob, 0, 30)));
        assertEquals(new Wallet(100, 0), await(bridge.store().wallet(alice)));
        assertEquals(0, redis.redis.exists(key("call:" + callId)));
        assertTrue(redis.ledger().stream().noneMatch(e -> callId.equals(e.callId())));
        assertEquals(Reason.INVALID_STATE, refused);
    }

    @Test
    void aReplyThatCannotBeReadFailsTheRequestInsteadOfLeavingItHanging() throws Exception {
        await(bridge.store().credit(alice, 100, "p-" + run));
        // A stored receipt with the send's own terms but a balance that is not a number: the replay's reply
        // comes back short, and reading it throws.
        redis.redis.hset(key("idem:" + alice + ":k1"), Map.of("txId", "t1", "balance", "lots", "combo", "1",
                "amount", "1", "ts", "1", "room", room, "to", bob, "gift", "rose", "count", "1"));

        try {
            bridge.store().send(rose("k1")).toCompletableFuture().get(3, TimeUnit.SECONDS);
            throw new AssertionError("a corrupt receipt was replayed");
        } catch (java.util.concurrent.ExecutionException e) {
            GiftException refused = (GiftException) e.getCause();
            assertEquals(Reason.INVALID_STATE, refused.reason());
            assertFalse(refused.getMessage().contains("Exception"), refused.getMessage());
        }
        assertEquals(new Wallet(100, 0), await(bridge.store().wallet(alice)));
    }
}

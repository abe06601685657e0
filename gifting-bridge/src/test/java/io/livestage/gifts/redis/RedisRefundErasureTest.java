package io.livestage.gifts.redis;

import static io.livestage.gifts.Gifts.await;
import static io.livestage.gifts.Gifts.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.Erasure;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.GiftReceipt;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.livestage.gifts.RefundErasureContract;
import io.livestage.gifts.Reversal;
import io.livestage.gifts.Wallet;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on the real Redis, and what only Redis can show: earnings already gone, other users' keys untouched. */
class RedisRefundErasureTest extends RefundErasureContract {
    private static RedisTestSupport redis;

    @BeforeAll
    static void connect() {
        redis = new RedisTestSupport();
    }

    @AfterAll
    static void cleanUp() {
        redis.close();
    }

    @Override
    protected GiftBridge open(MeterRegistry registry) {
        GiftBridge bridge = GiftBridge.redis(RedisTestSupport.URI, redis.prefix, Gifts.CATALOG, Gifts.SETTINGS, registry);
        Gifts.await(bridge.ready());
        return bridge;
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return redis.ledger();
    }

    @Override
    protected String ledgerIdOf(String txId) {
        return redis.ledgerIdOf(txId);
    }

    @Test
    void aReversalNeverTakesEarningsBelowZero() {
        await(store.credit(alice, 100, "p-" + run));
        GiftReceipt sent = await(store.send(new GiftOrder(room, alice, "Alice", bob, "rocket", 1, "k1")));
        // The platform paid bob's earnings out (its own books) and zeroed them here.
        redis.redis.hset(redis.prefix + ":wallet:" + bob, "earnings", "40");
        int entries = ledger().size();
        assertEquals(Reason.INSUFFICIENT_FUNDS, failure(store.reverse(new Reversal("r-" + run, ledgerIdOf(sent.txId()),
                sent.txId()))));
        assertEquals(new Wallet(0, 40), await(store.wallet(bob)));
        assertEquals(new Wallet(0, 0), await(store.wallet(alice)));
        assertEquals(entries, ledger().size());
        assertEquals(0L, redis.redis.exists(redis.prefix + ":reversed:" + ledgerIdOf(sent.txId())));
    }

    @Test
    void erasureDeletesTheUsersGiftEventsAndOnlyTheirKeys() {
        String glob = "star*" + run;
        String other = "starry" + run;
        await(store.credit(glob, 10, "pg-" + run));
        await(store.credit(other, 10, "po-" + run));
        await(store.send(new GiftOrder(room, glob, "G", bob, "rose", 1, "kg")));
        await(store.send(new GiftOrder(room, other, "O", bob, "rose", 1, "ko")));

        Erasure erased = await(store.erase(glob));
        assertEquals(2, erased.idempotencyRecords(), "the gift key and the purchase");
        assertEquals(1, erased.giftEvents());
        // A user id with glob characters matches only itself.
        assertTrue(await(store.send(new GiftOrder(room, other, "O", bob, "rose", 1, "ko"))).replay());
        assertEquals(1L, redis.redis.exists(redis.prefix + ":purchase:po-" + run));
        assertTrue(redis.redis.xrange(redis.prefix + ":gifts", io.lettuce.core.Range.create("-", "+")).stream()
                .noneMatch(m -> glob.equals(m.getBody().get("from"))));
    }
}

package io.livestage.gifts.redis;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftStore;
import io.livestage.gifts.GiftStoreProperties;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The money properties on the real Redis at 127.0.0.1:6379, under a key prefix of this run (deleted after). */
class RedisGiftStorePropertiesTest extends GiftStoreProperties {
    private static RedisTestSupport redis;
    private static GiftBridge bridge;

    @BeforeContainer
    static void open() {
        redis = new RedisTestSupport();
        bridge = GiftBridge.redis(RedisTestSupport.URI, redis.prefix, Gifts.CATALOG, SETTINGS, new SimpleMeterRegistry());
        Gifts.await(bridge.ready());
    }

    @AfterContainer
    static void close() {
        bridge.close();
        redis.close();
    }

    @Override
    protected GiftStore store() {
        return bridge.store();
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return redis.ledger();
    }

    @Property(tries = 60)
    @Override
    protected void sequential(@ForAll("operations") List<Op> operations) {
        super.sequential(operations);
    }

    @Property(tries = 40)
    @Override
    protected void interleaved(@ForAll("operations") List<Op> operations, @ForAll("batchSizes") int batch) {
        super.interleaved(operations, batch);
    }
}

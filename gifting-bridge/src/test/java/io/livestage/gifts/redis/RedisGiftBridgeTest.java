package io.livestage.gifts.redis;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftBridgeContract;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class RedisGiftBridgeTest extends GiftBridgeContract {
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
        GiftBridge bridge = GiftBridge.redis(RedisTestSupport.URI, redis.prefix, Gifts.CATALOG, Gifts.SETTINGS,
                registry);
        Gifts.await(bridge.ready());
        return bridge;
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return redis.ledger();
    }
}

package io.livestage.server.gifts;

import io.livestage.server.TestServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Gifts through the real Redis on 127.0.0.1:6379, under a key prefix of this run's own, removed afterwards. */
class RedisGiftFlowTest extends GiftFlowContract {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @Override
    protected Map<String, String> bridge() {
        return Map.of("LIVESTAGE_REDIS_URI", REDIS, "LIVESTAGE_GIFTS_KEY_PREFIX", prefix);
    }

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }
}

package io.livestage.gifts.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.Range;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftBridgeContract;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.LedgerEntry;
import io.livestage.testsupport.RedisClusterNodes;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every case of the gift bridge's contract (sends, credits, call minutes, reversals, erasure, the feed, replays
 * and conflicts), on a three-shard Redis Cluster the test starts: the scripts run there without a CROSSSLOT
 * error because every key of the store shares the prefix's hash tag, which a cluster bridge requires.
 */
class RedisClusterGiftBridgeTest extends GiftBridgeContract {
    private static RedisClusterNodes cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;
    private final String prefix = "{livestage-test-" + UUID.randomUUID() + "}";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterNodes.start(3);
        client = RedisClusterClient.create(cluster.seedUri());
        connection = client.connect();
    }

    @AfterAll
    static void stopCluster() {
        connection.close();
        client.shutdown();
        cluster.close();
    }

    @Override
    protected GiftBridge open(MeterRegistry registry) {
        GiftBridge bridge = GiftBridge.redisCluster(cluster.seedUri(), prefix, Gifts.CATALOG, Gifts.SETTINGS, registry);
        Gifts.await(bridge.ready());
        return bridge;
    }

    @Override
    protected List<LedgerEntry> ledger() {
        return connection.sync().xrange(prefix + ":ledger", Range.create("-", "+")).stream()
                .map(RedisTestSupport::entry).toList();
    }

    @Test
    void aPrefixWithoutAHashTagIsRefusedBeforeAnythingRuns() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> GiftBridge.redisCluster(
                cluster.seedUri(), "livestage-untagged", Gifts.CATALOG, Gifts.SETTINGS, registry));
        assertTrue(refused.getMessage().contains("hash tag"), refused.getMessage());
    }
}

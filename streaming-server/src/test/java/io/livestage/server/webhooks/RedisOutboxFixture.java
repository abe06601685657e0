package io.livestage.server.webhooks;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.server.config.WebhooksConfig;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Webhook nodes on the real Redis on 127.0.0.1:6379, under a key prefix of the test's own, removed at the end. */
final class RedisOutboxFixture implements AutoCloseable {
    static final String REDIS = "redis://127.0.0.1:6379/0";
    static final String SECRET = "test-webhook-secret-0123456789";
    /** Short lease and poll, so handovers and idle pickups take milliseconds. */
    static final DeliverySettings FAST = new DeliverySettings(Duration.ofSeconds(2),
            Duration.ofMillis(50), 32);

    static final Duration TIMEOUT = Duration.ofMillis(1500);

    final String prefix = "livestage-test-hooks-" + UUID.randomUUID();

    RedisOutboxStore store() {
        return new RedisOutboxStore(new RedisCommandLink(REDIS, RedisOutboxStore.CLIENT_NAME, Duration.ofSeconds(5)), prefix,
                Duration.ofHours(25), Clock.systemUTC());
    }

    /**
     * A node's webhooks: retries from 20 ms doubling to 200 ms, attempts cut off after {@link #TIMEOUT} (long
     * enough for a loaded test machine: a slower answer than that is what a test scripts as slow).
     */
    Webhooks node(List<WebhooksConfig.Endpoint> endpoints, long retryForMs, MeterRegistry registry) {
        WebhooksConfig config = new WebhooksConfig(endpoints, TIMEOUT.toMillis(), 20, 200, retryForMs);
        return new Webhooks(config, store(), FAST, Clock.systemUTC(), registry);
    }

    static WebhooksConfig.Endpoint endpoint(String name, WebhookReceiver receiver) {
        return new WebhooksConfig.Endpoint(name, receiver.url(), SECRET, null, List.of());
    }

    static WebhookEvent event(int n) {
        return WebhookEvent.unique(WebhookEventType.GIFT_SENT, Map.of("n", n));
    }

    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}

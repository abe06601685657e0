package io.livestage.server.webhooks;

import static io.livestage.server.webhooks.RedisOutboxFixture.await;
import static io.livestage.server.webhooks.RedisOutboxFixture.endpoint;
import static io.livestage.server.webhooks.RedisOutboxFixture.event;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.config.WebhooksConfig;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.testsupport.OwnedRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbox is durable: Redis (append-only file, fsync always) killed with events appended and not yet
 * delivered, and more reported while it is down, comes back with them; every event is delivered, in order.
 */
class WebhookOutboxRedisRestartTest {
    @Test
    void eventsWaitingInTheOutboxAndThoseReportedWhileRedisIsDownAreAllDelivered() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch();
             WebhookReceiver receiver = new WebhookReceiver(RedisOutboxFixture.SECRET)) {
            WebhooksConfig config = new WebhooksConfig(List.of(endpoint("platform", receiver)),
                    RedisOutboxFixture.TIMEOUT.toMillis(), 20, 200, 60_000);
            List<WebhookEvent> events = new ArrayList<>();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RedisOutboxStore probe = store(redis);
                 Webhooks node = new Webhooks(config, store(redis), RedisOutboxFixture.FAST, Clock.systemUTC(),
                         registry)) {
                report(node, events, 0, 5);
                await("the first five", Duration.ofSeconds(30), () -> receiver.accepted().size() == 5);

                receiver.script((n, id) -> WebhookReceiver.Answer.status(503));
                report(node, events, 5, 10);
                await("five waiting in the outbox", Duration.ofSeconds(30),
                        () -> probe.backlog("platform").toCompletableFuture().join().events() == 5);
                redis.crash();
                report(node, events, 10, 15);
                Thread.sleep(1500);
                redis.start();
                receiver.script((n, id) -> WebhookReceiver.Answer.ok());
                await("every event", Duration.ofSeconds(30), () -> receiver.accepted().size() == events.size());
            }
            RedisWebhookDeliveryTest.assertDeliveredInOrder(events.stream().map(WebhookEvent::id).toList(),
                    receiver.requests());
            assertTrue(registry.get("livestage.webhooks.outbox.append.failures").counter().count() > 0,
                    "the last five were reported while Redis was down, and appended once it was back");
        }
    }

    private static RedisOutboxStore store(OwnedRedis redis) {
        return new RedisOutboxStore(new RedisCommandLink(redis.uri(), RedisOutboxStore.CLIENT_NAME, Duration.ofSeconds(1)),
                "livestage", Duration.ofHours(25),
                Clock.systemUTC());
    }

    private static void report(Webhooks node, List<WebhookEvent> events, int from, int to) {
        for (int i = from; i < to; i++) {
            WebhookEvent event = event(i);
            events.add(event);
            node.append(event);
        }
    }
}

package io.livestage.server.webhooks;

import static io.livestage.server.webhooks.RedisOutboxFixture.await;
import static io.livestage.server.webhooks.RedisOutboxFixture.endpoint;
import static io.livestage.server.webhooks.RedisOutboxFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.server.config.RedisConfig;
import io.livestage.server.config.WebhooksConfig;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without Redis (dev) the outbox is in memory: the same ordered, signed, retried delivery, on one node. */
class MemoryWebhookDeliveryTest {
    @Test
    void eventsArriveInOrderThroughFailuresAndRepeatsAreKeptOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(RedisOutboxFixture.SECRET)) {
            receiver.script((n, id) -> n <= 3 ? WebhookReceiver.Answer.status(500) : WebhookReceiver.Answer.ok());
            WebhooksConfig config = new WebhooksConfig(List.of(endpoint("platform", receiver)), 1500, 20, 200, 60_000);
            List<WebhookEvent> events = new ArrayList<>();
            OutboxStore store = Webhooks.store(config, new RedisConfig("", false), "unused", Duration.ofSeconds(1), Clock.systemUTC());
            try (Webhooks node = new Webhooks(config, store, RedisOutboxFixture.FAST, Clock.systemUTC(), new SimpleMeterRegistry())) {
                for (int i = 0; i < 10; i++) {
                    WebhookEvent gift = event(i);
                    events.add(gift);
                    node.append(gift);
                    if (i == 4) {
                        WebhookEvent minute = WebhookEvent.of(WebhookEventType.CALL_MINUTE_CHARGED, "c1:0", Map.of("minute", 0));
                        events.add(minute);
                        node.append(minute);
                        node.append(WebhookEvent.of(WebhookEventType.CALL_MINUTE_CHARGED, "c1:0", Map.of("minute", 0)));
                    }
                }
                await("every event", Duration.ofSeconds(30), () -> receiver.accepted().size() == events.size());
                // The receiver counts an answer before the node has read it and settled the entry.
                await("the outbox emptied", Duration.ofSeconds(10),
                        () -> store.backlog("platform").toCompletableFuture().join().equals(OutboxStore.Backlog.EMPTY));
            }
            RedisWebhookDeliveryTest.assertDeliveredInOrder(events.stream().map(WebhookEvent::id).toList(),
                    receiver.requests());
            assertEquals(events.size() + 3, receiver.requests().size(), "three failures, each event once after them");
        }
    }
}

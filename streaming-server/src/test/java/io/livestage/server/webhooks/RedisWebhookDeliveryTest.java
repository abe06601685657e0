package io.livestage.server.webhooks;

import static io.livestage.server.webhooks.RedisOutboxFixture.await;
import static io.livestage.server.webhooks.RedisOutboxFixture.endpoint;
import static io.livestage.server.webhooks.RedisOutboxFixture.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries from the Redis outbox to a receiver that fails, is slow and restarts: every event arrives,
 * in order, signed, and any duplicate carries the delivery id of the event it repeats.
 */
class RedisWebhookDeliveryTest {
    private final RedisOutboxFixture redis = new RedisOutboxFixture();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void everyEventArrivesInOrderThroughFailuresSlownessAndARestartOfTheReceiver() throws Exception {
        WebhookReceiver receiver = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        // Requests 1-4 fail, 5-6 answer after the client gave up (a timeout: the receiver did get them), 7+ succeed.
        receiver.script((n, id) -> n <= 4 ? WebhookReceiver.Answer.status(500)
                : n <= 6 ? WebhookReceiver.Answer.slow(RedisOutboxFixture.TIMEOUT.multipliedBy(2))
                : WebhookReceiver.Answer.ok());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Webhooks node = opened(redis.node(List.of(endpoint("platform", receiver)), 60_000, registry));
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event(i));
            node.append(events.get(i));
        }
        await("the first half", Duration.ofSeconds(30), () -> receiver.accepted().size() >= 10);
        receiver.stopListening();
        for (int i = 20; i < 40; i++) {
            events.add(event(i));
            node.append(events.get(i));
        }
        Thread.sleep(500);
        receiver.listenAgain();
        await("every event", Duration.ofSeconds(30), () -> receiver.accepted().size() == events.size());

        assertDeliveredInOrder(events.stream().map(WebhookEvent::id).toList(), receiver.requests());
        assertTrue(receiver.requests().size() > events.size(), "failures and timeouts made retries");
        // The receiver counts an answer before the node has read it: the node's count follows a moment later.
        await("every delivery counted", Duration.ofSeconds(10),
                () -> registry.get("livestage.webhooks.deliveries").tag("outcome", "delivered").counter().count() == 40);
        assertTrue(registry.get("livestage.webhooks.deliveries").tag("outcome", "failed").counter().count() >= 6);
        assertEquals(40, registry.get("livestage.webhooks.delivery.latency").timer().count());
    }

    @Test
    void aNewDelivererOnTheSameRedisResumesWhereTheOldOneStopped() throws Exception {
        WebhookReceiver receiver = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        receiver.script((n, id) -> n <= 3 ? WebhookReceiver.Answer.ok() : WebhookReceiver.Answer.status(503));
        Webhooks first = redis.node(List.of(endpoint("platform", receiver)), 60_000, new SimpleMeterRegistry());
        List<WebhookEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event(i));
            first.append(events.get(i));
        }
        await("three deliveries and a failing fourth", Duration.ofSeconds(30), () -> receiver.requests().size() >= 5);
        first.close();
        int before = receiver.requests().size();
        Thread.sleep(300);
        assertEquals(before, receiver.requests().size(), "a closed node delivers nothing more");

        receiver.script((n, id) -> WebhookReceiver.Answer.ok());
        Webhooks second = opened(redis.node(List.of(endpoint("platform", receiver)), 60_000, new SimpleMeterRegistry()));
        for (int i = 10; i < 15; i++) {
            events.add(event(i));
            second.append(events.get(i));
        }
        await("every event", Duration.ofSeconds(30), () -> receiver.accepted().size() == events.size());
        assertDeliveredInOrder(events.stream().map(WebhookEvent::id).toList(), receiver.requests());
    }

    @Test
    void twoNodesDeliverEachEventOnceInTheOutboxsOrder() throws Exception {
        WebhookReceiver receiver = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        Webhooks a = opened(redis.node(List.of(endpoint("platform", receiver)), 60_000, new SimpleMeterRegistry()));
        Webhooks b = opened(redis.node(List.of(endpoint("platform", receiver)), 60_000, new SimpleMeterRegistry()));
        for (int i = 0; i < 30; i++) {
            (i % 2 == 0 ? a : b).append(event(i));
        }
        await("every event", Duration.ofSeconds(30), () -> receiver.accepted().size() == 30);
        Thread.sleep(200);
        List<String> outboxOrder = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisOutboxFixture.REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (StreamMessage<String, String> message : connection.sync().xrange(redis.prefix + ":{webhooks}:outbox",
                    io.lettuce.core.Range.create("-", "+"))) {
                outboxOrder.add(message.getBody().get("id"));
            }
        } finally {
            client.shutdown();
        }
        assertEquals(30, outboxOrder.size());
        // Two nodes delivering at once would interleave and go back to earlier events; one lease holder does not.
        assertDeliveredInOrder(outboxOrder, receiver.requests());
    }

    @Test
    void anEventStillFailingAfterItsRetryWindowIsDeadLetteredAndTheNextOnesGo() throws Exception {
        WebhookReceiver failing = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        WebhookReceiver healthy = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        WebhookEvent poison = event(0);
        failing.script((n, id) -> id.equals(poison.id()) ? WebhookReceiver.Answer.status(500) : WebhookReceiver.Answer.ok());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // Retried for 4 s after it happened; the next event comes 2 s later, so it has 2 s left once it is the head.
        Webhooks node = opened(redis.node(List.of(endpoint("bad", failing), endpoint("good", healthy)), 4000, registry));
        node.append(poison);
        await("the healthy endpoint's first event", Duration.ofSeconds(30), () -> healthy.accepted().size() == 1);
        Thread.sleep(2000);
        WebhookEvent after = event(1);
        node.append(after);
        await("the healthy endpoint's second event", Duration.ofSeconds(30), () -> healthy.accepted().size() == 2);
        assertTrue(failing.accepted().isEmpty(), "the failing head holds the bad endpoint's next event back");
        await("the next event past the dead one", Duration.ofSeconds(30), () -> failing.accepted().equals(List.of(after.id())));

        assertEquals(1, registry.get("livestage.webhooks.deliveries").tags("endpoint", "bad", "outcome", "dead_lettered")
                .counter().count());
        assertEquals(0, registry.get("livestage.webhooks.deliveries").tags("endpoint", "good", "outcome", "failed")
                .counter().count(), "the other endpoint never waited");
        RedisClient client = RedisClient.create(RedisOutboxFixture.REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<StreamMessage<String, String>> dead = connection.sync().xrange(redis.prefix + ":{webhooks}:dead",
                    io.lettuce.core.Range.create("-", "+"));
            assertEquals(1, dead.size());
            Map<String, String> fields = new HashMap<>(dead.get(0).getBody());
            assertEquals("bad", fields.get("endpoint"));
            assertEquals(poison.id(), fields.get("id"));
            assertEquals("HTTP 500", fields.get("lastError"));
            assertTrue(Integer.parseInt(fields.get("attempts")) >= 3, fields.toString());
            assertEquals(poison.id(), WebhookReceiver.parse(fields.get("body")).path("id").asText());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theSameFactReportedTwiceIsKeptOnce() throws Exception {
        WebhookReceiver receiver = opened(new WebhookReceiver(RedisOutboxFixture.SECRET));
        Webhooks node = opened(redis.node(List.of(endpoint("platform", receiver)), 60_000, new SimpleMeterRegistry()));
        WebhookEvent once = WebhookEvent.of(io.livestage.signaling.webhooks.WebhookEventType.CALL_MINUTE_CHARGED, "c1:0",
                Map.of("callId", "c1", "minute", 0));
        node.append(once);
        node.append(WebhookEvent.of(io.livestage.signaling.webhooks.WebhookEventType.CALL_MINUTE_CHARGED, "c1:0",
                Map.of("callId", "c1", "minute", 0)));
        WebhookEvent next = event(1);
        node.append(next);
        await("both events", Duration.ofSeconds(30), () -> receiver.accepted().size() == 2);
        Thread.sleep(200);
        assertEquals(List.of(once.id(), next.id()),
                receiver.requests().stream().map(WebhookReceiver.Request::deliveryId).toList());
    }

    /**
     * Every request is signed and well formed; each delivery id always comes with the same body; the ids, with
     * repeats removed, are the events in the order they were reported; and no request goes back to an
     * earlier event once a later one was sent (per-endpoint order).
     */
    static void assertDeliveredInOrder(List<String> expected, List<WebhookReceiver.Request> requests) {
        Map<String, String> bodies = new HashMap<>();
        List<String> firstSeen = new ArrayList<>();
        int highest = -1;
        for (WebhookReceiver.Request request : requests) {
            assertTrue(request.signatureValid(), "signature of " + request);
            assertEquals(request.deliveryId(), WebhookReceiver.parse(request.body()).path("id").asText());
            String earlier = bodies.putIfAbsent(request.deliveryId(), request.body());
            assertTrue(earlier == null || earlier.equals(request.body()), "a repeat carries the same body");
            if (earlier == null) {
                firstSeen.add(request.deliveryId());
            }
            int index = expected.indexOf(request.deliveryId());
            assertTrue(index >= 0, "an event nobody reported: " + request.deliveryId());
            assertTrue(index >= highest, "event " + index + " sent after event " + highest);
            highest = index;
        }
        assertEquals(expected, firstSeen);
    }
}

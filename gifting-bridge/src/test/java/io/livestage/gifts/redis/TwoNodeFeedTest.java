package io.livestage.gifts.redis;

import static io.livestage.gifts.Gifts.await;
import static io.livestage.gifts.Gifts.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftEvent;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.GiftStore;
import io.livestage.gifts.Gifts;
import io.livestage.gifts.Received;
import io.livestage.testsupport.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two bridges on one Redis, as two nodes: each delivers every gift of the rooms it watches exactly once,
 * whoever sent it, through killed connections and a full outage of one node's Redis link.
 */
class TwoNodeFeedTest {
    private static final int GIFTS = 400;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> rooms = List.of("r1-" + run, "r2-" + run, "r3-" + run, "unwatched-" + run);
    private final List<GiftBridge> nodes = new ArrayList<>();
    private final Map<GiftBridge, SimpleMeterRegistry> registries = new HashMap<>();
    private RedisTestSupport redis;

    @BeforeEach
    void connect() {
        redis = new RedisTestSupport();
    }

    @AfterEach
    void cleanUp() {
        nodes.forEach(GiftBridge::close);
        redis.close();
    }

    private GiftBridge node(String uri) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GiftBridge node = GiftBridge.redis(uri, redis.prefix, Gifts.CATALOG, Gifts.SETTINGS, registry);
        registries.put(node, registry);
        nodes.add(node);
        await(node.ready());
        return node;
    }

    @Test
    void eachNodeDeliversEveryGiftOfItsRoomsOnceWhileItsConnectionsAreKilled() throws Exception {
        String nameB = "node-b-" + run;
        GiftBridge a = node(RedisTestSupport.URI + "?clientName=node-a-" + run);
        GiftBridge b = node(RedisTestSupport.URI + "?clientName=" + nameB);
        Map<String, Received> atA = watch(a, rooms.get(0), rooms.get(1));
        Map<String, Received> atB = watch(b, rooms.get(0), rooms.get(2));
        CompletableFuture<Map<String, List<String>>> sending = CompletableFuture.supplyAsync(() -> send(a, b));
        AtomicInteger killed = new AtomicInteger();
        while (!sending.isDone()) {
            // Storms of kills leave the node disconnected for a while as gifts keep being committed.
            for (int i = 0; i < 20 && !sending.isDone(); i++) {
                killed.addAndGet(redis.kill(nameB + "-feed"));
                Thread.sleep(5);
            }
            killed.addAndGet(redis.kill(nameB));
            Thread.sleep(100);
        }
        assertTrue(killed.get() > 3, "connections were cut " + killed + " times");
        assertDeliveredOnceInOrder(sending.get(60, TimeUnit.SECONDS), atA, atB);
        assertTrue(redisErrors(b) > 0, "node B's reads were interrupted");
        assertEquals(0, redisErrors(a));
    }

    @Test
    void aNodeCutOffFromRedisResumesWhereItStoppedWhenRedisReturns() throws Exception {
        GiftBridge a = node(RedisTestSupport.URI);
        try (TcpProxy link = TcpProxy.start(6379)) {
            GiftBridge b = node("redis://127.0.0.1:" + link.port() + "?clientName=node-b-" + run);
            Map<String, Received> atA = watch(a, rooms.get(0), rooms.get(1));
            Map<String, Received> atB = watch(b, rooms.get(0), rooms.get(2));
            await(a.store().credit("fan-" + run, 1_000_000, "p-" + run));
            Map<String, List<String>> sent = new LinkedHashMap<>();
            sendSome(a, 50, sent);
            link.cut();
            long started = System.nanoTime();
            GiftStore cutOff = b.store();
            assertEquals(Reason.UNAVAILABLE, failure(cutOff.send(order(GIFTS))));
            assertEquals(Reason.UNAVAILABLE, failure(cutOff.wallet("fan-" + run)));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "refused quickly");
            assertFalse(await(b.healthy()));
            sendSome(a, 150, sent);
            Thread.sleep(1_000);
            link.restore();
            sendSome(a, 50, sent);
            assertDeliveredOnceInOrder(sent, atA, atB);
            assertTrue(await(b.healthy()));
            assertTrue(redisErrors(b) > 0);
            assertEquals(0, redisErrors(a));
        }
    }

    @Test
    void giftEventsThePlatformWritesIntoTheStreamAreDeliveredLikeOurs() throws Exception {
        GiftBridge a = node(RedisTestSupport.URI);
        GiftBridge b = node(RedisTestSupport.URI);
        Received atA = new Received();
        Received atB = new Received();
        a.feed().watch(rooms.get(0), atA);
        b.feed().watch(rooms.get(0), atB);
        String id = redis.redis.xadd(redis.prefix + ":gifts", Map.of("room", rooms.get(0), "txId", "platform-1",
                "from", "system", "fromName", "LiveStage", "to", "creator", "gift", "rocket", "count", "2",
                "combo", "1", "amount", "0", "ts", "1700000000000"));
        redis.redis.xadd(redis.prefix + ":gifts", Map.of("room", rooms.get(0), "gift", "rose"));
        redis.redis.xadd(redis.prefix + ":gifts", Map.of("note", "not a gift"));
        GiftEvent full = new GiftEvent(rooms.get(0), "platform-1", "system", "LiveStage", "creator", "rocket", 2, 1,
                0, 1_700_000_000_000L);
        for (Received node : List.of(atA, atB)) {
            List<GiftEvent> events = node.await(2, Duration.ofSeconds(5));
            assertEquals(2, events.size());
            assertEquals(full, events.get(0));
            GiftEvent minimal = events.get(1);
            assertEquals("rose", minimal.giftId());
            assertEquals(1, minimal.count());
            assertTrue(minimal.ts() >= Long.parseLong(StreamEvents.entryMillis(id)));
        }
    }

    private double redisErrors(GiftBridge node) {
        return registries.get(node).get("livestage.gifts.redis.errors").counter().count();
    }

    private Map<String, Received> watch(GiftBridge node, String... watched) {
        Map<String, Received> byRoom = new LinkedHashMap<>();
        for (String room : watched) {
            Received received = new Received();
            node.feed().watch(room, received);
            byRoom.put(room, received);
        }
        return byRoom;
    }

    private GiftOrder order(int i) {
        return new GiftOrder(rooms.get(i % rooms.size()), "fan-" + run, "Fan", "creator-" + run, "rose", 1,
                "k-" + i);
    }

    /** Sends through both nodes in turn; a send refused as unavailable is retried with the same key. */
    private Map<String, List<String>> send(GiftBridge a, GiftBridge b) {
        await(a.store().credit("fan-" + run, 1_000_000, "p-" + run));
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (int i = 0; i < GIFTS; i++) {
            GiftOrder order = order(i);
            GiftStore via = (i % 2 == 0 ? a : b).store();
            while (true) {
                try {
                    sent.computeIfAbsent(order.roomId(), r -> new ArrayList<>()).add(await(via.send(order)).txId());
                    break;
                } catch (GiftException e) {
                    assertEquals(Reason.UNAVAILABLE, e.reason());
                    sleep(10);
                }
            }
            sleep(1);
        }
        return sent;
    }

    private void sendSome(GiftBridge via, int count, Map<String, List<String>> sent) {
        int first = sent.values().stream().mapToInt(List::size).sum();
        for (int i = first; i < first + count; i++) {
            GiftOrder order = order(i);
            sent.computeIfAbsent(order.roomId(), r -> new ArrayList<>()).add(await(via.store().send(order)).txId());
        }
    }

    private static void assertDeliveredOnceInOrder(Map<String, List<String>> sent,
                                                   Map<String, Received> atA, Map<String, Received> atB)
            throws InterruptedException {
        for (Map<String, Received> node : List.of(atA, atB)) {
            for (Map.Entry<String, Received> watched : node.entrySet()) {
                List<String> expected = sent.getOrDefault(watched.getKey(), List.of());
                List<GiftEvent> got = watched.getValue().await(expected.size(), Duration.ofSeconds(15));
                assertEquals(expected, got.stream().map(GiftEvent::txId).toList(), watched.getKey());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

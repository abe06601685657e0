package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.TestServers;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.testsupport.OwnedRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster bus on real Redis: what one node sends reaches the node it is for (a room event: every other
 * node) in the order sent, once, and not the sender; messages handed in while Redis is away go out, in order,
 * when it is back; only entries signed with the cluster's secret, and recent, are taken.
 */
class RedisClusterBusTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final String SECRET = "the-cluster-secret-of-this-test-0001";
    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        closeAll();
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void eachNodeGetsWhatIsForItInOrderOnce() throws Exception {
        BlockingQueue<BusMessage> atA = new LinkedBlockingQueue<>();
        BlockingQueue<BusMessage> atB = new LinkedBlockingQueue<>();
        BlockingQueue<BusMessage> atC = new LinkedBlockingQueue<>();
        RedisClusterBus a = bus(REDIS, "node-a", atA);
        bus(REDIS, "node-b", atB);
        bus(REDIS, "node-c", atC);
        Thread.sleep(300); // every reader has found the stream's end

        for (int i = 0; i < 1000; i++) {
            a.send(event("node-a", i));
        }
        a.send(new BusMessage(BusMessage.Kind.REPLY, "room-1", "node-a", "node-b", "session-1", "{\"for\":\"b\"}", ""));
        List<BusMessage> toB = take(atB, 1001);
        List<BusMessage> toC = take(atC, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals("{\"n\":" + i + "}", toB.get(i).body(), "in order at B");
            assertEquals("{\"n\":" + i + "}", toC.get(i).body(), "in order at C");
        }
        assertEquals(BusMessage.Kind.REPLY, toB.get(1000).kind());
        assertEquals("session-1", toB.get(1000).member());
        Thread.sleep(300);
        assertTrue(atB.isEmpty() && atC.isEmpty(), "nothing twice, and the reply only where it is addressed");
        assertTrue(atA.isEmpty(), "a node does not hear itself");
    }

    /**
     * Someone who can write to Redis but has no cluster secret appends what a node would (a relay's open for a
     * show, a member's join): nothing of it reaches the node it names. Neither does a node with another secret,
     * an entry signed more than a minute ago, nor a copy of a genuine entry appended again.
     */
    @Test
    void onlyEntriesSignedWithTheClusterSecretAndRecentAreTaken() throws Exception {
        BlockingQueue<BusMessage> atA = new LinkedBlockingQueue<>();
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        bus(REDIS, "node-a", SECRET, metersA, atA);
        RedisClusterBus b = bus(REDIS, "node-b", SECRET, new SimpleMeterRegistry(), new LinkedBlockingQueue<>());
        RedisClusterBus stranger = bus(REDIS, "node-x", "another-secret-of-thirty-two-characters",
                new SimpleMeterRegistry(), new LinkedBlockingQueue<>());
        Thread.sleep(300);

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("k", "RELAY");
        forged.put("r", "room-1");
        forged.put("f", "node-b");
        forged.put("t", "node-a");
        forged.put("m", "relay");
        forged.put("b", "{\"op\":\"open\",\"layers\":\"every\"}");
        forged.put("x", "");
        RedisCommandLink writer = new RedisCommandLink(REDIS, "livestage-test-forger", TIMEOUT);
        open.add(writer);
        writer.run(redis -> redis.xadd(b.stream(), forged)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Map<String, String> stale = new LinkedHashMap<>(forged);
        new BusSignature(SECRET).sign(stale, System.currentTimeMillis() - BusSignature.MAX_AGE_MILLIS - 1_000);
        writer.run(redis -> redis.xadd(b.stream(), stale)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        stranger.send(new BusMessage(BusMessage.Kind.RELAY, "room-1", "node-x", "node-a", "relay", "{\"op\":\"open\"}", ""));
        b.send(new BusMessage(BusMessage.Kind.REPLY, "room-1", "node-b", "node-a", "session-1", "{\"genuine\":true}", ""));

        List<BusMessage> taken = take(atA, 1);
        assertEquals("{\"genuine\":true}", taken.get(0).body(), "only B's own message, signed with the secret");

        // The genuine entry, copied as it is and appended again a moment later.
        Map<String, String> genuine = writer.run(redis -> redis.xrange(b.stream(), io.lettuce.core.Range.create("-", "+")))
                .toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
                .filter(entry -> "{\"genuine\":true}".equals(entry.getBody().get("b"))).findFirst().orElseThrow()
                .getBody();
        writer.run(redis -> redis.xadd(b.stream(), genuine)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertTrue(atA.isEmpty(), "nothing forged, stale, copied or from another secret: " + atA);
        assertEquals(4, metersA.counter("livestage_cluster_bus_refused").count());
    }

    @Test
    void messagesHandedInWhileRedisIsAwayGoOutInOrderWhenItReturns() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch()) {
            BlockingQueue<BusMessage> atB = new LinkedBlockingQueue<>();
            RedisClusterBus a = bus(redis.uri(), "node-a", new LinkedBlockingQueue<>());
            bus(redis.uri(), "node-b", atB);
            Thread.sleep(300);
            a.send(event("node-a", -1));
            assertEquals("{\"n\":-1}", take(atB, 1).get(0).body());

            redis.crash();
            Thread.sleep(300); // both connections have seen the server go
            for (int i = 0; i < 100; i++) {
                a.send(event("node-a", i));
            }
            redis.start();
            List<BusMessage> after = take(atB, 100);
            for (int i = 0; i < 100; i++) {
                assertEquals("{\"n\":" + i + "}", after.get(i).body());
            }
            Thread.sleep(300);
            assertTrue(atB.isEmpty(), "nothing twice after the reader resumed: " + atB);
            closeAll();
        }
    }

    /**
     * Redis holds writes for longer than the command timeout (a stall, a machine at load average 30): the appends
     * are answered late, not lost, since Redis runs a connection's commands in order. They arrive once and in order,
     * and none is counted as dropped: an operator reading that counter must not be told of losses that did not
     * happen, nor a node give up on a message that went through.
     */
    @Test
    void appendsHeldLongerThanTheCommandTimeoutArriveOnceInOrderAndAreNotCountedDropped() throws Exception {
        try (OwnedRedis redis = OwnedRedis.launch()) {
            BlockingQueue<BusMessage> atB = new LinkedBlockingQueue<>();
            SimpleMeterRegistry metersA = new SimpleMeterRegistry();
            RedisClusterBus a = bus(redis.uri(), "node-a", SECRET, metersA, new LinkedBlockingQueue<>());
            bus(redis.uri(), "node-b", atB);
            Thread.sleep(300);

            long held = 3 * TIMEOUT.toMillis();
            redis.pauseWrites(held);
            for (int i = 0; i < 50; i++) {
                a.send(event("node-a", i));
            }
            List<BusMessage> arrived = take(atB, 50);
            for (int i = 0; i < 50; i++) {
                assertEquals("{\"n\":" + i + "}", arrived.get(i).body(), "in order");
            }
            Thread.sleep(300);
            assertTrue(atB.isEmpty(), "nothing twice: " + atB);
            assertEquals(0, metersA.counter("livestage_cluster_bus_dropped").count(), "none dropped");
            assertEquals(50, metersA.counter("livestage_cluster_bus_sent").count(), "each confirmed");
            closeAll();
        }
    }

    /** Buses before their links, the latest first. */
    private void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    private static BusMessage event(String from, int n) {
        return new BusMessage(BusMessage.Kind.EVENT, "room-1", from, "", "", "{\"n\":" + n + "}", "{}");
    }

    private RedisClusterBus bus(String uri, String nodeId, BlockingQueue<BusMessage> received) {
        return bus(uri, nodeId, SECRET, new SimpleMeterRegistry(), received);
    }

    private RedisClusterBus bus(String uri, String nodeId, String secret, SimpleMeterRegistry meters,
                                BlockingQueue<BusMessage> received) {
        RedisCommandLink link = new RedisCommandLink(uri, "livestage-test-bus", TIMEOUT);
        open.add(link);
        RedisClusterBus bus = new RedisClusterBus(link, prefix, nodeId, secret, TIMEOUT, meters);
        bus.receive(received::add);
        open.add(bus);
        return bus.start();
    }

    private static List<BusMessage> take(BlockingQueue<BusMessage> queue, int count) throws InterruptedException {
        List<BusMessage> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (taken.size() < count) {
            BusMessage next = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("only " + taken.size() + " of " + count + " messages arrived");
            }
            taken.add(next);
        }
        return taken;
    }
}

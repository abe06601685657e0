package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.livestage.server.TestServers;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeListing;
import io.livestage.signaling.protocol.ServerMessage.ConsultantSummary;
import io.livestage.signaling.protocol.ServerMessage.ShowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node registry on the real Redis at 127.0.0.1:6379, under a key prefix of this run's own: two
 * nodes see each other's shows and consultants within a heartbeat, a node that leaves is dropped at
 * the others' next heartbeat, and one that dies without a word is dropped within the expiry.
 */
class NodeRegistryTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration EXPIRY = Duration.ofMillis(600);

    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void twoNodesListEachOthersShowsAndConsultantsAndForgetANodeThatLeaves() throws Exception {
        AtomicReference<NodeListing> aServes = new AtomicReference<>(new NodeListing("a", false, List.of(), 0, 0,
                List.of(new ShowSummary("r1", "Cooking", "host-1", "Ann", 12)), List.of()));
        ClusterDirectory aSees = new ClusterDirectory();
        ClusterDirectory bSees = new ClusterDirectory();
        NodeRegistry a = node("a", aServes::get, aSees);
        node("b", () -> new NodeListing("b", false, List.of(), 0, 0, List.of(),
                List.of(new ConsultantSummary("c1", "Dr Bee", 10, false))), bSees);

        await(() -> bSees.shows(List.of()).size() == 1 && aSees.consultants(List.of()).size() == 1);
        assertEquals(List.of(new ShowSummary("r1", "Cooking", "host-1", "Ann", 12)), bSees.shows(List.of()));
        assertEquals("c1", aSees.consultants(List.of()).get(0).userId());

        aServes.set(new NodeListing("a", false, List.of(), 0, 0, List.of(new ShowSummary("r1", "Cooking", "host-1", "Ann", 30)), List.of()));
        await(() -> bSees.shows(List.of()).get(0).viewers() == 30);
        assertEquals(30, bSees.shows(List.of()).get(0).viewers(), "viewer counts follow within a heartbeat");

        a.close();
        long closedAt = System.nanoTime();
        await(() -> bSees.others().isEmpty());
        assertEquals(List.of(), bSees.others());
        assertTrue(System.nanoTime() - closedAt < EXPIRY.toNanos(), "a node that says goodbye goes before its expiry");
    }

    @Test
    void aNodeThatStopsRenewingIsDroppedWithinItsExpiry() throws Exception {
        ClusterDirectory bSees = new ClusterDirectory();
        NodeRegistry b = node("b", () -> new NodeListing("b", false, List.of(), 0, 0, List.of(), List.of()), bSees);
        // What a node that died leaves behind: its entry, renewed for the last time just now.
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set(b.nodeKey("dead"), "{\"nodeId\":\"dead\",\"draining\":false,\"shows\":[{\"roomId\":\"r9\",\"title\":\"t\","
                    + "\"hostId\":\"h\",\"hostName\":\"H\",\"viewers\":1}],\"consultants\":[]}",
                    SetArgs.Builder.px(EXPIRY.toMillis()));
            connection.sync().zadd(b.nodesKey(), System.currentTimeMillis(), "dead");
        } finally {
            client.shutdown();
        }
        long lastRenewal = System.nanoTime();
        await(() -> bSees.shows(List.of()).size() == 1);
        assertEquals("r9", bSees.shows(List.of()).get(0).roomId());

        await(() -> bSees.shows(List.of()).isEmpty());
        long dropped = System.nanoTime() - lastRenewal;
        assertEquals(List.of(), bSees.shows(List.of()));
        assertTrue(dropped < EXPIRY.plus(HEARTBEAT).plus(HEARTBEAT).toNanos(),
                "dropped " + TimeUnit.NANOSECONDS.toMillis(dropped) + " ms after its last renewal");
    }

    /**
     * A node the others dropped as expired (it stalled, or lost Redis, past the expiry) finds out at its next renewal,
     * which lists it again: what ran on it may have been carried on elsewhere meanwhile. Its first registration and
     * its renewals are no such news.
     */
    @Test
    void aNodeDroppedByTheOthersHearsItAtItsNextRenewal() throws Exception {
        ClusterDirectory aSees = new ClusterDirectory("a");
        AtomicInteger rejoined = new AtomicInteger();
        aSees.onRejoined(rejoined::incrementAndGet);
        NodeRegistry a = node("a", () -> new NodeListing("a", false, List.of(), 0, 0, List.of(), List.of()), aSees);
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            await(() -> connection.sync().zscore(a.nodesKey(), "a") != null);
            Thread.sleep(HEARTBEAT.toMillis() * 3);
            assertEquals(0, rejoined.get(), "registering and renewing are not news");

            // What another node's heartbeat does to an entry past the expiry.
            connection.sync().zrem(a.nodesKey(), "a");
            connection.sync().del(a.nodeKey("a"));
            await(() -> rejoined.get() == 1);
            assertEquals(1, rejoined.get());
            assertTrue(connection.sync().zscore(a.nodesKey(), "a") != null, "listed again");
            Thread.sleep(HEARTBEAT.toMillis() * 3);
            assertEquals(1, rejoined.get(), "once for one drop");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withoutRedisTheOthersAreForgottenAfterTheExpiry() throws Exception {
        ClusterDirectory sees = new ClusterDirectory("b");
        sees.replaceOthers(List.of(new NodeListing("a", false, List.of(), 0, 0,
                List.of(new ShowSummary("r1", "t", "h", "H", 1)), List.of())));
        // Nothing listens on port 1: every heartbeat fails at once.
        RedisCommandLink nowhere = new RedisCommandLink("redis://127.0.0.1:1/0", "livestage-test", Duration.ofMillis(200));
        closing.add(nowhere);
        NodeRegistry registry = new NodeRegistry(nowhere, prefix, "b", HEARTBEAT, EXPIRY,
                () -> new NodeListing("b", false, List.of(), 0, 0, List.of(), List.of()), sees).start();
        closing.add(registry);
        long started = System.nanoTime();
        await(() -> sees.others().isEmpty());
        assertEquals(List.of(), sees.others(), "what was last read has expired in Redis too");
        assertTrue(System.nanoTime() - started >= EXPIRY.toNanos() - HEARTBEAT.toNanos(),
                "kept until its expiry, not dropped at the first failure");
    }

    @Test
    void everyKeyHashesToOneSlotUnderTheDeploymentsPrefix() {
        NodeRegistry registry = new NodeRegistry(link(), prefix, "a", HEARTBEAT, EXPIRY,
                () -> new NodeListing("a", false, List.of(), 0, 0, List.of(), List.of()), new ClusterDirectory());
        assertTrue(registry.nodeKey("a").startsWith(prefix + ":"));
        assertTrue(registry.nodesKey().startsWith(prefix + ":"));
        int slot = SlotHash.getSlot(registry.nodesKey());
        assertEquals(slot, SlotHash.getSlot(registry.nodeKey("a")));
        assertEquals(slot, SlotHash.getSlot(registry.nodeKey("another-node")));
    }

    private NodeRegistry node(String id, Supplier<NodeListing> serves, ClusterDirectory sees) {
        NodeRegistry registry = new NodeRegistry(link(), prefix, id, HEARTBEAT, EXPIRY, serves, sees).start();
        closing.add(registry);
        return registry;
    }

    private RedisCommandLink link() {
        RedisCommandLink link = new RedisCommandLink(REDIS, "livestage-test", Duration.ofSeconds(2));
        closing.add(link);
        return link;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}

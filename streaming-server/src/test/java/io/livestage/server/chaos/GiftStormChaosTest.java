package io.livestage.server.chaos;

import static io.livestage.server.chaos.ChaosSupport.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.testsupport.OwnedRedis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gift storm through the assembled server while its Redis is killed (SIGKILL) and restarted from its
 * append-only file, twice, and while Redis holds every write longer than the server waits for it, so sends
 * commit after the server answered {@code unavailable}. Senders do what clients are told to: retry an
 * {@code unavailable} send with the same key. Afterwards every gift a sender was told about is in the ledger
 * exactly once and no other is, the wallets moved exactly those coins, and every member of the show saw each
 * gift exactly once.
 */
class GiftStormChaosTest {
    private static final int SENDERS = 4;
    private static final long STORM_MS = 11_000;
    private static final long COINS = 1_000_000;
    private static final Map<String, Long> PRICES = Map.of("rose", 1L, "heart", 5L);

    /** A gift a sender was told went through: {@code gift.sent}. */
    private record Sent(String key, String sender, String txId, long amount) {}

    @Test
    @Timeout(90)
    void everyGiftIsChargedAndSeenExactlyOnceThroughCrashesAndStalls() throws Exception {
        long began = System.nanoTime();
        try (OwnedRedis redis = OwnedRedis.launch();
             LiveStageServer server = TestServers.start(ChaosSupport.settings(redis));
             TestClient host = TestClient.as(server, "storm-host", "creator", true);
             TestClient watcher = TestClient.as(server, "storm-watcher", "viewer", true)) {
            ChaosSupport.awaitReady(server);
            String roomId = host.request(TestClient.message("show.start").put("title", "Storm")).path("roomId").asText();
            watcher.request(TestClient.message("room.join").put("roomId", roomId));
            List<TestClient> senders = new ArrayList<>();
            try {
                runStorm(redis, server, host, watcher, roomId, senders, began);
            } finally {
                senders.forEach(TestClient::close);
            }
        }
    }

    /** Senders join and are funded, the storm runs with Redis crashed and stalled under it, then the books are checked. */
    private void runStorm(OwnedRedis redis, LiveStageServer server, TestClient host, TestClient watcher, String roomId,
                          List<TestClient> senders, long began) throws Exception {
        for (int i = 0; i < SENDERS; i++) {
            TestClient sender = TestClient.as(server, "storm-sender" + i, "viewer", true);
            senders.add(sender);
            sender.request(TestClient.message("room.join").put("roomId", roomId));
            ChaosSupport.credit(server, "storm-sender" + i, COINS);
        }
        // The feed is reading before the storm: the first gift reaches the watcher.
        String opening = senders.get(0).request(gift(roomId, "rose", 1, "opening")).path("txId").asText();
        assertEquals(opening, watcher.event("gift").path("txId").asText());

        Map<String, Sent> sent = new ConcurrentHashMap<>();
        sent.put("opening", new Sent("opening", "storm-sender0", opening, 1));
        AtomicInteger retries = new AtomicInteger();
        long stormEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STORM_MS);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        int restarts = 0;
        int stalls = 0;
        try {
            List<Future<?>> storm = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                int index = i;
                storm.add(pool.submit(() -> {
                    storm(senders.get(index), "storm-sender" + index, roomId, stormEnds, sent, retries);
                    return null;
                }));
            }
            Thread.sleep(2_000);
            redis.crash();
            Thread.sleep(1_000);
            redis.start();
            restarts++;
            Thread.sleep(2_000);
            redis.pauseWrites(1_500);
            stalls++;
            Thread.sleep(2_500);
            redis.crash();
            redis.start();
            restarts++;
            for (Future<?> sender : storm) {
                sender.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> txIds = sent.values().stream().map(Sent::txId).collect(Collectors.toSet());
        assertEquals(sent.size(), txIds.size(), "two keys were told the same txId");
        List<Map<String, String>> ledger = redis.stream(PREFIX + ":ledger").stream()
                .filter(entry -> "gift".equals(entry.get("kind"))).toList();
        assertEquals(sent.size(), ledger.size(), "gifts in the ledger against gifts the senders were told about");
        assertEquals(txIds, ledger.stream().map(entry -> entry.get("txId")).collect(Collectors.toSet()),
                "every gift told is in the ledger, and nothing else");
        Map<String, Long> amounts = sent.values().stream().collect(Collectors.toMap(Sent::txId, Sent::amount));
        for (Map<String, String> entry : ledger) {
            assertEquals(amounts.get(entry.get("txId")), Long.parseLong(entry.get("amount")), entry.toString());
        }
        long total = 0;
        for (int i = 0; i < SENDERS; i++) {
            String sender = "storm-sender" + i;
            long spent = sent.values().stream().filter(s -> s.sender().equals(sender)).mapToLong(Sent::amount).sum();
            assertEquals(COINS - spent, ChaosSupport.wallet(redis, sender, "balance"), sender);
            total += spent;
        }
        assertEquals(total, ChaosSupport.wallet(redis, "storm-host", "earnings"), "the host earned every coin spent");

        List<TestClient> members = new ArrayList<>(senders);
        members.add(host);
        members.add(watcher);
        for (TestClient member : members) {
            assertSawEachOnce(member, txIds, member == watcher ? Set.of(opening) : Set.of());
        }
        long lateCommits = sent.size() - (long) TestServers.metric(server, "livestage_gifts_sent_total");
        assertTrue(retries.get() > 0 && lateCommits > 0,
                "the faults were felt: " + retries + " retries, " + lateCommits + " late commits");
        System.out.printf("chaos figures (gift storm): %d gifts from %d senders in %.1f s, %d coins; %d retries "
                        + "after unavailable; %d sends committed after the server had answered unavailable "
                        + "(replayed to their retry); %d Redis restarts (SIGKILL, AOF), %d write stall of 1.5 s; "
                        + "0 lost, 0 doubled, %d members saw each once%n",
                sent.size(), SENDERS, (System.nanoTime() - began) / 1e9, total, retries.get(), lateCommits,
                restarts, stalls, members.size());
    }

    /** Sends gifts until the storm ends; each key is retried after {@code unavailable} until it is sent. */
    private static void storm(TestClient client, String sender, String roomId, long stormEnds, Map<String, Sent> sent,
                              AtomicInteger retries) throws Exception {
        for (int n = 0; System.nanoTime() < stormEnds; n++) {
            String key = sender + "-" + n;
            String giftId = n % 3 == 0 ? "heart" : "rose";
            int count = 1 + n % 3;
            while (true) {
                JsonNode reply = client.request(gift(roomId, giftId, count, key));
                if ("gift.sent".equals(reply.path("type").asText())) {
                    sent.put(key, new Sent(key, sender, reply.path("txId").asText(), PRICES.get(giftId) * count));
                    break;
                }
                assertEquals("unavailable", reply.path("code").asText(), reply.toString());
                retries.incrementAndGet();
                Thread.sleep(50);
            }
            // About 40 gifts a second per sender: a storm, without starving the two cores this runs on.
            Thread.sleep(25);
        }
    }

    /** Every gift told, seen once by this member (waiting for the feed to catch up after the last restart). */
    private static void assertSawEachOnce(TestClient member, Set<String> txIds, Set<String> alreadyTaken)
            throws Exception {
        List<String> seen = new ArrayList<>(alreadyTaken);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (seen.size() < txIds.size() && System.nanoTime() < deadline) {
            member.drain("gift").forEach(event -> seen.add(event.path("txId").asText()));
            Thread.sleep(50);
        }
        Thread.sleep(200);
        member.drain("gift").forEach(event -> seen.add(event.path("txId").asText()));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "a member saw a gift twice");
        assertEquals(txIds, new HashSet<>(seen), "a member missed gifts");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode gift(String roomId, String giftId, int count, String key) {
        return TestClient.message("gift.send").put("roomId", roomId).put("giftId", giftId).put("count", count)
                .put("key", key);
    }
}

package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.TestServers;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.call.CallRecord;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.show.ModerationState;
import io.livestage.signaling.show.ShowRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The records of what runs where, against the real Redis at 127.0.0.1:6379: only the node that runs a thing
 * writes or removes its record, a claim moves it only from the node that still runs it (so of two nodes claiming
 * a dead node's call one wins), and the records read back as written.
 */
class RedisRunStoreTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final RedisCommandLink link = new RedisCommandLink(REDIS, "livestage-test", Duration.ofSeconds(2));

    @AfterEach
    void cleanUp() {
        link.close();
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void onlyTheRunningNodeWritesAndOneClaimWins() throws Exception {
        RedisCallStore calls = new RedisCallStore(link, prefix);
        calls.save(call("node-a", 2, 20));
        calls.awaitWrites(Duration.ofSeconds(2));
        assertEquals(Optional.of(call("node-a", 2, 20)), get(calls, "c1"));

        assertFalse(calls.save(call("node-b", 9, 90)).toCompletableFuture().get(2, TimeUnit.SECONDS),
                "a node that does not run the call hears so");
        assertEquals(2, get(calls, "c1").orElseThrow().minutesCharged(), "another node cannot write over A's call");

        // A died: B and C both claim it; one wins, and the record names the winner from then on.
        boolean b = calls.claim("c1", "node-a", "node-b").toCompletableFuture().get(2, TimeUnit.SECONDS);
        boolean c = calls.claim("c1", "node-a", "node-c").toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertTrue(b);
        assertFalse(c, "the second claim finds A no longer runs it");
        assertEquals("node-b", get(calls, "c1").orElseThrow().node());

        assertFalse(calls.save(call("node-a", 3, 30)).toCompletableFuture().get(2, TimeUnit.SECONDS),
                "A, taken for dead, hears that B runs its call now");
        calls.remove("c1", "node-a");
        calls.save(call("node-b", 3, 30));
        calls.awaitWrites(Duration.ofSeconds(2));
        assertEquals(call("node-b", 3, 30), get(calls, "c1").orElseThrow(), "A, taken over, neither writes nor removes");
        calls.remove("c1", "node-b");
        calls.awaitWrites(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), get(calls, "c1"));
    }

    @Test
    void aShowsRecordReadsBackAsWrittenUnderItsOwnHashTag() throws Exception {
        RedisShowStore shows = new RedisShowStore(link, prefix);
        ModerationState moderation = new ModerationState(Set.of("mod-1"), Set.of("loud-1", "loud-2"), Set.of("troll"), 30,
                List.of("spoiler", "ending"), new ServerMessage.Pinned("Be kind: \"no\" {spoilers}",
                new ServerMessage.Person("host", "Host Name"), 1_700_000_100_000L));
        ShowRecord show = new ShowRecord("r1", "node-a", "Title: with {braces}", "host", "Host Name", true, 1_700_000_000_000L, 42,
                moderation);
        shows.save(show);
        shows.awaitWrites(Duration.ofSeconds(2));
        assertEquals(Optional.of(show), shows.find("r1").toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), shows.find("r2").toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertEquals(prefix + ":callrun:{c1}", new RedisCallStore(link, prefix).key("c1"));
    }

    private static Optional<CallRecord> get(RedisCallStore calls, String callId) throws Exception {
        return calls.find(callId).toCompletableFuture().get(2, TimeUnit.SECONDS);
    }

    private static CallRecord call(String node, int minutes, long charged) {
        return new CallRecord("c1", "k1", node, "caller", "Caller", "consultant", "Consultant", 10, minutes, charged,
                1000 - charged, minutes * 60_000L);
    }
}

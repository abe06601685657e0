package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.gifts.Animation;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftSettings;
import io.livestage.gifts.Wallet;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.call.CallMetrics;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeDrain;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.dispatch.Dispatcher;
import io.livestage.signaling.ice.IceServers;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.ratelimit.ConnectionCaps;
import io.livestage.signaling.ratelimit.UserRateLimiter;
import io.livestage.signaling.show.Broadcaster;
import io.livestage.signaling.show.Show;
import io.livestage.signaling.show.ShowDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The overload path with the real Redis gift store on 127.0.0.1:6379 (a key prefix of this run's own):
 * when a room's or the node's event queue is full, {@code gift.send} is refused with {@code unavailable}
 * before anything is charged, and once there is room again the same key sends and charges exactly once.
 * The rooms' queues are filled deterministically by holding slots as sends in flight would.
 */
class GiftOverloadTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final GiftCatalog CATALOG = new GiftCatalog(List.of(
            new GiftDefinition("rose", "Rose", 1, new Animation("/gifts/rose.svg", 1500, "small"))));

    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);
    private final LimitsConfig limits = new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200,
            50_000, 256, List.of("127.0.0.1", "::1"), 10);
    private final Broadcaster broadcaster = new Broadcaster(codec, metrics, new EventsConfig(50, 2, 3, 64));
    private GiftBridge bridge;
    private ShowDirectory shows;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() {
        bridge = GiftBridge.redis(REDIS, prefix, CATALOG, new GiftSettings(5_000, 99, Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
        bridge.ready().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        SignalingGifts gifts = new SignalingGifts(bridge);
        // Two slots per room, three on the node (see broadcaster): small enough to fill by hand.
        shows = new ShowDirectory(loops, new ShowsConfig(30_000, 100, 100, 100), RoomConfig.defaults(),
                broadcaster, new UnavailableMediaPlane(), gifts,
                ModerationStore.inMemory());
        dispatcher = new Dispatcher(null, shows, new UserRateLimiter(2, 5, System::nanoTime),
                new UserRateLimiter(5, 20, System::nanoTime), limits,
                new IceServers(List.of(), TurnConfig.none(), Clock.systemUTC()), new UnavailableMediaPlane(), gifts,
                new Consultations(new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), CallClock.system(), loops,
                        new UnavailableMediaPlane(), gifts, new CallMetrics()), new ConnectionCaps(limits), metrics,
                new ServerMessage.ClientSettings(true, "", 500), ModerationStore.inMemory(), new ClusterDirectory(), new NodeDrain());
    }

    @AfterEach
    void stop() {
        shows.endAll(Show.SERVER_SHUTDOWN).forEach(ended -> ended.awaitUninterruptibly(5, TimeUnit.SECONDS));
        bridge.close();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        removeKeys();
    }

    @Test
    void aFullRoomRefusesTheGiftBeforeChargingAndTheSameKeyChargesOnceWhenThereIsRoom() throws Exception {
        try (LocalMember host = member("host", Role.CREATOR); LocalMember sender = member("sam", Role.VIEWER)) {
            Show show = shows.start(host.session, "storm");
            join(show, sender);
            credit("sam", 100);
            quiet();

            assertNull(show.reserveGift());
            assertNull(show.reserveGift());
            dispatcher.dispatch(sender.session, send(show, 3, "k1"));
            JsonNode refused = sender.next("error");
            assertEquals(3, refused.path("id").asInt());
            assertEquals("unavailable", refused.path("code").asText());
            assertEquals("room_busy", refused.path("reason").asText());
            assertEquals(new Wallet(100, 0), wallet("sam"), "nothing was charged");
            assertEquals(new Wallet(0, 0), wallet("host"), "nothing was earned");

            show.giftSettled();
            show.giftSettled();
            dispatcher.dispatch(sender.session, send(show, 4, "k1"));
            JsonNode sent = sender.next("gift.sent");
            assertEquals(99, sent.path("balance").asLong());
            String txId = sent.path("txId").asText();
            for (LocalMember member : List.of(host, sender)) {
                JsonNode gift = member.next("gift");
                assertEquals(txId, gift.path("txId").asText());
                assertEquals(List.of(), member.all("gift", 300), "each member gets the accepted gift once");
            }
            assertEquals(new Wallet(99, 0), wallet("sam"));
            assertEquals(new Wallet(0, 1), wallet("host"));
        }
    }

    @Test
    void aFullNodeRefusesAGiftToARoomWithRoomLeft() throws Exception {
        try (LocalMember first = member("ann", Role.CREATOR); LocalMember second = member("bea", Role.CREATOR);
             LocalMember sender = member("sam", Role.VIEWER)) {
            Show busy = shows.start(first.session, "busy");
            Show quiet = shows.start(second.session, "quiet");
            join(quiet, sender);
            credit("sam", 10);
            quiet();
            assertNull(busy.reserveGift());
            assertNull(busy.reserveGift());
            assertNull(quiet.reserveGift());

            dispatcher.dispatch(sender.session, send(quiet, 5, "k1"));
            JsonNode refused = sender.next("error");
            assertEquals("unavailable", refused.path("code").asText());
            assertEquals("node_busy", refused.path("reason").asText());
            assertEquals(new Wallet(10, 0), wallet("sam"));

            busy.giftSettled();
            dispatcher.dispatch(sender.session, send(quiet, 6, "k1"));
            assertEquals(9, sender.next("gift.sent").path("balance").asLong());
        }
    }

    private LocalMember member(String userId, Role role) throws Exception {
        return new LocalMember(loops, new Identity(userId, userId, Set.of(role), true, null), codec, metrics);
    }

    private void join(Show show, LocalMember member) throws InterruptedException {
        show.join(member.session, IntNode.valueOf(1), 8);
        member.next("room.joined");
    }

    /** Waits until the joins' own news (room.viewers) has been written, so the test's slots are all that is held. */
    private void quiet() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broadcaster.pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, broadcaster.pending(), "the rooms' events were written");
    }

    private static ClientMessage.GiftSend send(Show show, int id, String key) {
        return new ClientMessage.GiftSend(IntNode.valueOf(id), show.roomId(), "rose", 1, key);
    }

    private void credit(String userId, long coins) {
        bridge.store().credit(userId, coins, "p-" + userId).toCompletableFuture().join();
    }

    private Wallet wallet(String userId) {
        return bridge.store().wallet(userId).toCompletableFuture().join();
    }

    private void removeKeys() {
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

package io.livestage.server.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's events under a storm, with the real Redis gift store on 127.0.0.1:6379 (a key prefix of this
 * run's own): gifts sent from several threads at once, members on two event loops, some reading batches and
 * some not; every member gets every charged gift exactly once, all in the same order.
 */
class RoomEventStormTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final GiftCatalog CATALOG = new GiftCatalog(List.of(
            new GiftDefinition("rose", "Rose", 1, new Animation("/gifts/rose.svg", 1500, "small"))));

    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);
    private final LimitsConfig limits = new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200,
            50_000, 256, List.of("127.0.0.1", "::1"), 10);
    private final Broadcaster broadcaster = new Broadcaster(codec, metrics, new EventsConfig(50, 2048, 4096, 64));
    private GiftBridge bridge;
    private ShowDirectory shows;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() {
        bridge = GiftBridge.redis(REDIS, prefix, CATALOG, new GiftSettings(5_000, 99, Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
        bridge.ready().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        SignalingGifts gifts = new SignalingGifts(bridge);
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
    void aStormOfGiftsReachesEveryMemberOnceInTheSameOrderOverEveryLoop() throws Exception {
        List<LocalMember> members = new ArrayList<>();
        try {
            LocalMember host = member("host", Role.CREATOR, true);
            members.add(host);
            Show show = shows.start(host.session, "storm");
            List<LocalMember> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                LocalMember sender = member("sender" + i, Role.VIEWER, true);
                senders.add(sender);
                members.add(sender);
                join(show, sender);
                credit(sender.session.identity().userId(), 1000);
            }
            for (int i = 0; i < 24; i++) {
                // A third of the viewers read one frame per event, the rest one frame per tick.
                LocalMember viewer = member("viewer" + i, Role.VIEWER, i % 3 != 0);
                members.add(viewer);
                join(show, viewer);
            }
            int perSender = 100;
            List<Thread> threads = new ArrayList<>();
            for (LocalMember sender : senders) {
                Thread thread = new Thread(() -> {
                    for (int n = 0; n < perSender; n++) {
                        dispatcher.dispatch(sender.session, new ClientMessage.GiftSend(IntNode.valueOf(n),
                                show.roomId(), "rose", 1, sender.session.identity().userId() + "-" + n));
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            int gifts = perSender * senders.size();
            List<String> order = null;
            for (LocalMember member : members) {
                List<String> seen = new ArrayList<>();
                for (int n = 0; n < gifts; n++) {
                    seen.add(member.next("gift").path("txId").asText());
                }
                assertEquals(List.of(), member.all("gift", order == null ? 300 : 0), "no gift twice");
                assertEquals(gifts, Set.copyOf(seen).size(), "every gift once");
                if (order == null) {
                    order = seen;
                } else {
                    assertEquals(order, seen, "every member sees the room's gifts in the same order");
                }
            }
            for (LocalMember sender : senders) {
                assertEquals(1000 - perSender, wallet(sender.session.identity().userId()).balance());
            }
        } finally {
            members.forEach(LocalMember::close);
        }
    }

    private LocalMember member(String userId, Role role, boolean readsBatches) throws Exception {
        LocalMember member = new LocalMember(loops, new Identity(userId, userId, Set.of(role), true, null), codec, metrics);
        member.session.readsBatches(readsBatches);
        return member;
    }

    private void join(Show show, LocalMember member) throws InterruptedException {
        show.join(member.session, IntNode.valueOf(1), 8);
        member.next("room.joined");
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

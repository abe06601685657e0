package io.livestage.server.gifts;

import com.fasterxml.jackson.databind.node.IntNode;
import io.livestage.gifts.Animation;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftSettings;
import io.livestage.gifts.Wallet;
import io.livestage.server.TestServers;
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

/**
 * A node's live shows over the real Redis gift store on 127.0.0.1:6379, under a key prefix of its own
 * (deleted on close), without sockets: the show directory and the dispatcher on two plain event loops,
 * members as {@link LocalMember} sessions. What the storm and overload tests share.
 */
final class RedisGiftRoom implements AutoCloseable {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final GiftCatalog CATALOG = new GiftCatalog(List.of(
            new GiftDefinition("rose", "Rose", 1, new Animation("/gifts/rose.svg", 1500, "small"))));

    final Broadcaster broadcaster;
    final GiftBridge bridge;
    final ShowDirectory shows;
    final Dispatcher dispatcher;
    private final String prefix = "livestage-test-" + UUID.randomUUID();
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);

    /** @param events the rooms' ticks and queue bounds */
    RedisGiftRoom(EventsConfig events) {
        broadcaster = new Broadcaster(codec, metrics, events);
        bridge = GiftBridge.redis(REDIS, prefix, CATALOG, new GiftSettings(5_000, 99, Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
        bridge.ready().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        SignalingGifts gifts = new SignalingGifts(bridge);
        LimitsConfig limits = new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200,
                50_000, 256, List.of("127.0.0.1", "::1"), 10);
        shows = new ShowDirectory(loops, new ShowsConfig(30_000, 100, 100, 100), RoomConfig.defaults(),
                broadcaster, new UnavailableMediaPlane(), gifts, ModerationStore.inMemory());
        dispatcher = new Dispatcher(null, shows, new UserRateLimiter(2, 5, System::nanoTime),
                new UserRateLimiter(5, 20, System::nanoTime), limits,
                new IceServers(List.of(), TurnConfig.none(), Clock.systemUTC()), new UnavailableMediaPlane(), gifts,
                new Consultations(new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), CallClock.system(), loops,
                        new UnavailableMediaPlane(), gifts, new CallMetrics()), new ConnectionCaps(limits), metrics,
                new ServerMessage.ClientSettings(true, "", 500), ModerationStore.inMemory(), new ClusterDirectory(),
                new NodeDrain());
    }

    /** An adult member on one of the loops, reading one frame per tick or one per event. */
    LocalMember member(String userId, Role role, boolean readsBatches) throws Exception {
        LocalMember member = new LocalMember(loops, new Identity(userId, userId, Set.of(role), true, null), codec, metrics);
        member.session.readsBatches(readsBatches);
        return member;
    }

    void join(Show show, LocalMember member) throws InterruptedException {
        show.join(member.session, IntNode.valueOf(1), 8);
        member.next("room.joined");
    }

    void credit(String userId, long coins) {
        bridge.store().credit(userId, coins, "p-" + userId).toCompletableFuture().join();
    }

    Wallet wallet(String userId) {
        return bridge.store().wallet(userId).toCompletableFuture().join();
    }

    @Override
    public void close() {
        shows.endAll(Show.SERVER_SHUTDOWN).forEach(ended -> ended.awaitUninterruptibly(5, TimeUnit.SECONDS));
        bridge.close();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        TestServers.deleteRedisKeys(REDIS, prefix);
    }
}

package io.livestage.signaling.show;

import io.livestage.signaling.cluster.RunStore;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.server.NoGifts;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The origin's count of an edge node's members follows that node's roster: a member whose leaving never arrived
 * (its GONE lost with Redis away) is forgotten at the next roster, and only that node's members are touched.
 */
class ShowRosterTest {
    private final DefaultEventExecutorGroup executors = new DefaultEventExecutorGroup(1);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);
    private final List<Consumer<BusMessage>> receivers = new ArrayList<>();
    /** The origin's end: what it sends (its replies) is not looked at; what arrives is handed to its receiver. */
    private final ClusterBus originBus = new ClusterBus() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void send(BusMessage message) {
        }

        @Override
        public void receive(Consumer<BusMessage> receiver) {
            receivers.add(receiver);
        }
    };
    /** The edges' end: each message they send reaches the origin at once. */
    private final ClusterBus edgeBus = new ClusterBus() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void send(BusMessage message) {
            receivers.forEach(receiver -> receiver.accept(message));
        }

        @Override
        public void receive(Consumer<BusMessage> receiver) {
        }
    };

    @AfterEach
    void stop() {
        executors.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void membersMissingFromTheirNodesRosterAreNoLongerCounted() throws Exception {
        ShowDirectory origin = new ShowDirectory(executors, new ShowsConfig(30_000, 10, 100, 100), RoomConfig.defaults(),
                new Broadcaster(codec, metrics), new UnavailableMediaPlane(), new NoGifts(), ModerationStore.inMemory(),
                WebhookOutbox.NONE, new ClusterDirectory("node-a"), originBus, id -> null, RunStore.none(), () -> false);
        Session host = new Session("host", new EmbeddedChannel(), codec, metrics);
        host.authenticate(new Identity("carla", "Carla", Set.of(Role.CREATOR), true, null));
        Show show = origin.start(host, "Counted");
        ShowRelay nodeB = new ShowRelay("node-b", edgeBus, codec);
        ShowRelay nodeC = new ShowRelay("node-c", edgeBus, codec);

        join(nodeB, show, "s1");
        join(nodeB, show, "s2");
        join(nodeC, show, "s1");
        await(show::viewerCount, 3);

        nodeB.roster(show.roomId(), "node-a", List.of("s1"));
        await(show::viewerCount, 2);
        nodeC.roster(show.roomId(), "node-a", List.of("s1"));
        nodeB.roster(show.roomId(), "node-a", List.of("s1"));
        Thread.sleep(100);
        assertEquals(2, show.viewerCount(), "members still on their nodes' rosters stay");
        nodeC.roster(show.roomId(), "node-a", List.of());
        await(show::viewerCount, 1);
    }

    private void join(ShowRelay edge, Show show, String sessionId) {
        edge.request(show.roomId(), "node-a", sessionId, new Identity("u-" + sessionId + "-" + edge.nodeId(), "U", Set.of(Role.VIEWER),
                true, null), new ClientMessage.RoomJoin(null, show.roomId()));
    }

    private static void await(IntSupplier value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsInt());
    }
}

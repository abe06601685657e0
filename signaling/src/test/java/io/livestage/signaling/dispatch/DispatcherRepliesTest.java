package io.livestage.signaling.dispatch;

import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeDrain;
import io.livestage.signaling.protocol.ServerMessage;

import io.livestage.signaling.moderation.ModerationStore;

import io.livestage.signaling.config.RoomConfig;

import java.time.Clock;

import io.livestage.signaling.ratelimit.ConnectionCaps;

import io.livestage.signaling.ice.IceServers;

import io.livestage.signaling.config.TurnConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.call.CallMetrics;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.ratelimit.UserRateLimiter;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.show.Broadcaster;
import io.livestage.signaling.show.ShowDirectory;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every request the dispatcher takes gets an answer, even when turning a result into the reply fails. */
class DispatcherRepliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DefaultEventExecutorGroup executors = new DefaultEventExecutorGroup(1);
    private final MessageCodec codec = new MessageCodec(new MessageLimits(100, 500));
    private final SignalingMetrics metrics = new SignalingMetrics(() -> 0, () -> 0L, () -> 0, () -> 0);
    private final GiftBridge gifts = new NothingBridge();
    // Sessions here are authenticated directly, so no token is ever verified.
    private final LimitsConfig limits = new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200,
            50_000, 256, List.of("127.0.0.1", "::1"), 10);
    private final Dispatcher dispatcher = new Dispatcher(null,
            new ShowDirectory(executors, new ShowsConfig(30_000, 100, 100, 100), RoomConfig.defaults(),
                    new Broadcaster(codec, metrics), new UnavailableMediaPlane(), gifts, ModerationStore.inMemory()),
            new UserRateLimiter(2, 5, System::nanoTime), new UserRateLimiter(5, 20, System::nanoTime), limits,
            new IceServers(List.of(), TurnConfig.none(), Clock.systemUTC()), new UnavailableMediaPlane(), gifts,
            new Consultations(new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), CallClock.system(), executors,
                    new UnavailableMediaPlane(), gifts, new CallMetrics()), new ConnectionCaps(limits), metrics,
            new ServerMessage.ClientSettings(true, "", 500), ModerationStore.inMemory(), new ClusterDirectory(), new NodeDrain());

    @AfterEach
    void stop() {
        executors.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aResultThatCannotBeTurnedIntoAReplyIsAnsweredWithAnInternalError() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        Session session = new Session("s1", channel, codec, metrics);
        session.authenticate(new Identity("bob", "Bob", Set.of(Role.VIEWER), true, null));

        dispatcher.dispatch(session, new ClientMessage.WalletBalance(JSON.getNodeFactory().numberNode(3)));

        channel.runPendingTasks();
        TextWebSocketFrame frame = channel.readOutbound();
        if (frame == null) {
            throw new AssertionError("the request got no answer");
        }
        JsonNode reply = JSON.readTree(frame.text());
        frame.release();
        assertEquals("error", reply.path("type").asText());
        assertEquals(3, reply.path("id").asInt());
        assertEquals("internal", reply.path("code").asText());
        assertEquals("internal error", reply.path("message").asText(), "no exception text reaches the client");
    }

    /** A bridge that answers with nothing where a result belongs: a bug the dispatcher must survive. */
    private static final class NothingBridge implements GiftBridge {
        @Override
        public CompletionStage<Wallet> wallet(String userId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<Gift> catalog() {
            return List.of();
        }

        @Override
        public CompletionStage<Receipt> send(Order order) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Erasure> erase(String userId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public AutoCloseable watch(String roomId, Consumer<GiftEvent> events) {
            return () -> { };
        }

        @Override
        public void roomClosed(String roomId) {
        }
    }
}

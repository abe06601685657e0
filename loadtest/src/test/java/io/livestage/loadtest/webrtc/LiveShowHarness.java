package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.server.LiveStageServer;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.config.AuthConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The real server on loopback with Java publishers and subscribers, for end-to-end media tests. */
final class LiveShowHarness implements AutoCloseable {

    static final String HOST = "show-host";

    private final LiveStageServer server = LoopbackServer.start();
    private final SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
    private final WebRtcPeerGroup peers = new WebRtcPeerGroup(2);
    private final TokenIssuer tokens = new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC());
    private final List<JavaSubscriber> subscribers = new ArrayList<>();
    private final List<JavaPublisher> publishers = new ArrayList<>();
    private int viewers;

    LiveStageServer server() {
        return server;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    /** The host starting a show and publishing Opus and 720p VP8 at 2.5 Mbit/s. */
    JavaPublisher startShow() throws Exception {
        return publish(PublisherOptions.defaults());
    }

    /** The host publishing as {@code options} say, media starting once the server announces it live. */
    JavaPublisher publish(PublisherOptions options) throws Exception {
        return publishAs(HOST, Role.CREATOR, options);
    }

    /** Someone publishing (a guest needs {@code options.withRoomId} and the host's invitation). */
    JavaPublisher publishAs(String user, Role role, PublisherOptions options) throws Exception {
        JavaPublisher publisher = JavaPublisher.start(connector, url(), token(user, role), peers,
                options.withAwaitLive(true)).get(15, TimeUnit.SECONDS);
        publishers.add(publisher);
        return publisher;
    }

    /** {@code count} viewers subscribing at once. */
    List<JavaSubscriber> subscribe(int count, SubscriberOptions options) throws Exception {
        List<CompletableFuture<JavaSubscriber>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starting.add(JavaSubscriber.start(connector, url(), token("viewer-" + ++viewers, Role.VIEWER), peers,
                    options));
        }
        List<JavaSubscriber> started = new ArrayList<>();
        for (CompletableFuture<JavaSubscriber> subscriber : starting) {
            started.add(subscriber.get(15, TimeUnit.SECONDS));
        }
        subscribers.addAll(started);
        return started;
    }

    String token(String user, Role role) {
        return tokens.issue(new Identity(user, user, Set.of(role), true, null), Duration.ofMinutes(5));
    }

    /**
     * The value of a counter in the server's {@code /metrics}, summed over its labels; a name
     * followed by the start of a label set (name{role="publisher") sums the series it begins.
     */
    double metric(String name) throws IOException, InterruptedException {
        return LoopbackServer.metric(server, name);
    }

    /** Waits until the subscriber has every packet the publisher sent on {@code sent}'s SSRC, up to 3 s. */
    static ReceivedTrackStats awaitLast(JavaSubscriber subscriber, SentStreamStats sent) throws InterruptedException {
        await(() -> {
            ReceivedTrackStats stats = subscriber.received(sent.ssrc());
            return stats != null && stats.highestSequence16() == sent.lastSequence() && stats.missing() == 0;
        }, Duration.ofSeconds(3));
        ReceivedTrackStats stats = subscriber.received(sent.ssrc());
        assertNotNull(stats, "no stream " + sent.ssrc() + " offered to " + subscriber.subscriptionId());
        return stats;
    }

    /** Every packet from the subscriber's first to the publisher's last, with the publisher's payload, in order. */
    static void assertComplete(ReceivedTrackStats stats, SentStreamStats sent) {
        String what = stats.toString();
        assertEquals(sent.lastSequence(), stats.highestSequence16(), "the last packet arrived: " + what);
        assertTrue(stats.complete(), "no gap left: " + what);
        assertEquals(0, stats.payloadMismatches(), "the publisher's payload: " + what);
        assertEquals(0, stats.duplicates(), "no duplicates: " + what);
        assertEquals(0, stats.outOfOrder(), "in order: " + what);
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        for (JavaSubscriber subscriber : subscribers) {
            subscriber.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        }
        for (JavaPublisher publisher : publishers) {
            publisher.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        }
        peers.close();
        connector.close();
        server.close();
    }
}

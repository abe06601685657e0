package io.livestage.loadtest.webrtc;

import static io.livestage.loadtest.webrtc.LiveShowHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.MediaException;
import io.livestage.sfu.MediaSession;
import io.livestage.sfu.Sfu;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded DTLS handshakes (issue 13, item 4): a handshake holds one of a bounded number of
 * threads, so it begins only on the peer's first flight (after the peer's address proved
 * consent), a peer silent after its checks is closed quickly, and handshakes past the cap are
 * refused with a typed reason. Against a real {@link Sfu} on loopback, with real ICE and DTLS.
 */
class HandshakeLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ROOM = "r-limits";

    @Test
    @Timeout(90)
    void sixHundredSilentSubscriptionsDoNotBlockANewViewersHandshake() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Sfu sfu = Sfu.start(settings(Duration.ofSeconds(10), Duration.ofSeconds(3), 512), meters);
             SilentPeers silent = new SilentPeers(mediaPort(sfu));
             WebRtcPeerGroup peers = new WebRtcPeerGroup(1)) {
            int count = 600;
            for (int i = 0; i < count; i++) {
                Session session = new Session("silent-" + i, "silent-user-" + i);
                Sfu.SubscriptionOffer offer = get(sfu.subscribe(session, ROOM));
                ServerOffer parsed = ServerOffer.parse(offer.sdp());
                SilentPeers.Peer peer = silent.add(SilentPeers.newCredentials(), parsed.transport().ice());
                get(sfu.answer(session, offer.subscriptionId(),
                        SubscriberAnswerBuilder.answer(offer.sdp(), peer.local, SilentPeers.fingerprint())));
                silent.check(peer);
            }
            await(() -> counter(meters, "livestage.sfu.packets.in", "stun") >= count, TIMEOUT);
            long checked = System.nanoTime();

            WebRtcPeer viewer = peers.newPeer(MediaReceiver.NONE);
            Session session = new Session("viewer", "viewer-user");
            Sfu.SubscriptionOffer offer = get(sfu.subscribe(session, ROOM));
            get(sfu.answer(session, offer.subscriptionId(),
                    SubscriberAnswerBuilder.answer(offer.sdp(), viewer.localIce(), viewer.fingerprint())));
            ServerOffer parsed = ServerOffer.parse(offer.sdp());
            viewer.connect(parsed.transport(), mediaPort(sfu)).get(10, TimeUnit.SECONDS);
            double connectedAfter = (System.nanoTime() - checked) / 1e6;

            assertEquals(PeerState.CONNECTED, viewer.state());
            await(() -> transports(meters) == 1, TIMEOUT);
            System.out.printf("%d silent subscriptions: %d answered our consent checks (%d answers), the new viewer"
                    + " connected %.0f ms after their checks, %.0f closed for a silent first flight%n", count,
                    silent.peersAnswering(), silent.answered(), connectedAfter,
                    counter(meters, "livestage.sfu.dtls.failures", "first_flight_timeout"));
            assertEquals(count, silent.peersAnswering(), "every silent peer passed ICE and answered our consent check");
            assertEquals(1.0, transports(meters), "the silent ones are gone, the viewer stays");
            assertEquals(count, counter(meters, "livestage.sfu.dtls.failures", "first_flight_timeout"));
            assertEquals(1.0, meters.get("livestage.sfu.dtls.handshake").timer().count(), "only the viewer's handshake ran");
            viewer.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(60)
    void handshakesPastTheCapAreRefusedAndNewTransportsGetUnavailableUntilThreadsFree() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Sfu sfu = Sfu.start(settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 2), meters);
             SilentPeers stalling = new SilentPeers(mediaPort(sfu));
             WebRtcPeerGroup peers = new WebRtcPeerGroup(1)) {
            Subscribed late = connectIce(sfu, stalling, "late");
            Subscribed first = connectIce(sfu, stalling, "first");
            Subscribed second = connectIce(sfu, stalling, "second");
            await(() -> stalling.peersAnswering() == 3, TIMEOUT);
            assertEquals(3, stalling.peersAnswering(), "all three passed ICE and answered our consent check");

            stalling.clientHello(first.peer(), first.serverFingerprint());
            stalling.clientHello(second.peer(), second.serverFingerprint());
            await(() -> first.peer().dtlsReceived.get() > 0 && second.peer().dtlsReceived.get() > 0, TIMEOUT);

            MediaException busy = refusal(sfu.subscribe(new Session("busy", "busy-user"), ROOM));
            assertSame(MediaException.Reason.UNAVAILABLE, busy.reason());
            assertTrue(busy.getMessage().contains("concurrent DTLS handshakes"), busy.getMessage());

            stalling.clientHello(late.peer(), late.serverFingerprint());
            await(() -> counter(meters, "livestage.sfu.dtls.failures", "overloaded") == 1, TIMEOUT);
            assertEquals(1.0, counter(meters, "livestage.sfu.dtls.failures", "overloaded"),
                    "a handshake with no thread left fails as overloaded, its transport closed");
            assertEquals(0, late.peer().dtlsReceived.get(), "nothing was sent for it");

            await(() -> counter(meters, "livestage.sfu.dtls.failures", "timeout") == 2, TIMEOUT);
            WebRtcPeer viewer = peers.newPeer(MediaReceiver.NONE);
            Session session = new Session("viewer", "viewer-user");
            Sfu.SubscriptionOffer offer = get(sfu.subscribe(session, ROOM));
            get(sfu.answer(session, offer.subscriptionId(),
                    SubscriberAnswerBuilder.answer(offer.sdp(), viewer.localIce(), viewer.fingerprint())));
            viewer.connect(ServerOffer.parse(offer.sdp()).transport(), mediaPort(sfu)).get(10, TimeUnit.SECONDS);
            assertEquals(PeerState.CONNECTED, viewer.state(), "once the stalled handshakes timed out, viewers connect");
            viewer.close().get(5, TimeUnit.SECONDS);
        }
    }

    /** A subscription whose peer passed ICE, and the certificate the server's offer names. */
    private record Subscribed(SilentPeers.Peer peer, DtlsFingerprint serverFingerprint) {
    }

    /** A subscription whose peer passes ICE and answers our consent check, then waits. */
    private static Subscribed connectIce(Sfu sfu, SilentPeers peers, String name) throws Exception {
        Session session = new Session(name, name + "-user");
        Sfu.SubscriptionOffer offer = get(sfu.subscribe(session, ROOM));
        ServerAnswer transport = ServerOffer.parse(offer.sdp()).transport();
        SilentPeers.Peer peer = peers.add(SilentPeers.newCredentials(), transport.ice());
        get(sfu.answer(session, offer.subscriptionId(),
                SubscriberAnswerBuilder.answer(offer.sdp(), peer.local, SilentPeers.fingerprint())));
        peers.check(peer);
        return new Subscribed(peer, transport.fingerprint());
    }

    private static Sfu.SfuSettings settings(Duration handshakeTimeout, Duration firstFlightTimeout,
                                            int maxConcurrentHandshakes) {
        return new Sfu.SfuSettings(0, "127.0.0.1", List.of("127.0.0.1"), Duration.ofSeconds(30), handshakeTimeout, 0,
                firstFlightTimeout, 10, maxConcurrentHandshakes);
    }

    private static InetSocketAddress mediaPort(Sfu sfu) {
        return new InetSocketAddress("127.0.0.1", sfu.udpPort());
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static MediaException refusal(CompletionStage<?> stage) {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
        return assertInstanceOf(MediaException.class, failed.getCause());
    }

    private static double counter(SimpleMeterRegistry meters, String name, String tag) {
        return meters.find(name).counters().stream()
                .filter(c -> c.getId().getTags().stream().anyMatch(t -> t.getValue().equals(tag)))
                .mapToDouble(c -> c.count()).sum();
    }

    private static double transports(SimpleMeterRegistry meters) {
        return meters.find("livestage.sfu.transports").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    /** A signaling session as the SFU sees it; these tests need no events. */
    private record Session(String id, String userId) implements MediaSession {
        @Override
        public void offer(String roomId, String subscriptionId, String sdp) {
        }

        @Override
        public void layer(String roomId, String subscriptionId, String layer, boolean pinned) {
        }

        @Override
        public void publishLayers(String roomId, String mid, List<String> activeRids) {
        }
    }
}

package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.ConsentCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.udp.MediaPort;
import io.livestage.sfu.udp.MediaTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consent per address (RFC 7675) on one transport over real UDP: media and DTLS go only to an
 * address that answered a check of ours, so a nominated check forged "from" someone else's address
 * (any viewer knows our ICE password from its own offer) gets that address a few small STUN
 * packets and nothing else; the path's consent is kept fresh only from the path; and the DTLS
 * handshake, which holds a thread, waits for consent and the peer's first flight.
 */
class WebRtcTransportConsentTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);
    private static final DtlsFingerprint SOME_FINGERPRINT = DtlsFingerprint.sha256Of(new byte[] {1});

    private final EventLoopGroup loops = MediaTransport.group(2, "consent-test");
    private final ExecutorService handshakeThreads = Executors.newCachedThreadPool();
    /** Counts the handshakes (and other DTLS tasks) the transport hands to its executor. */
    private final AtomicInteger handshakeTasks = new AtomicInteger();
    private final Executor handshakes = task -> {
        handshakeTasks.incrementAndGet();
        handshakeThreads.execute(task);
    };
    private final TransportRegistry registry = new TransportRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SfuMetrics metrics = new SfuMetrics(registry::count);
    private final MediaPort port = new MediaPort(loops, 2, "127.0.0.1", 0, registry, metrics);
    private final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port());
    private final IceCredentials ours = IceCredentials.random(RANDOM);
    private final IceCredentials peer = IceCredentials.random(RANDOM);
    private volatile String closedBecause;
    private WebRtcTransport transport;

    WebRtcTransportConsentTest() {
        metrics.bindTo(meters);
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close("test over");
        }
        port.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        handshakeThreads.shutdownNow();
    }

    @Test
    void aForgedNominationNeverMovesThePathAndItsAddressGetsOnlyAFewChecks() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (PeerSocket real = new PeerSocket(server).answering(peer, ours); PeerSocket victim = new PeerSocket(server)) {
            assertTrue(real.check(peer, ours, true));
            await(() -> real.address().equals(transport.remote()));
            assertEquals(real.address(), transport.remote());

            int forged = 30;
            for (int i = 0; i < forged; i++) {
                assertTrue(victim.check(peer, ours, true), "a valid check is answered, whoever sends it");
                Thread.sleep(100);
            }
            await(() -> counter("livestage.sfu.consent.checks", "unanswered") == 1);

            System.out.printf("forged nominations: %d checks from the victim's address, which got %d bytes: %d answers"
                    + " to them and %d consent checks of ours, %d other datagrams%n", forged, victim.bytes(), forged,
                    victim.consentChecks(), victim.otherDatagrams());
            assertEquals(real.address(), transport.remote(), "the path stays where consent was proven");
            assertEquals(0, victim.otherDatagrams(), "no DTLS or media to the victim");
            assertEquals(ConsentCheck.MAX_SENDS, victim.consentChecks(),
                    "one consent check, retransmitted, then the address is left alone");
            assertEquals(1.0, counter("livestage.sfu.consent.checks", "unanswered"));
            assertTrue(real.check(peer, ours, false), "the real peer is still served");
        }
    }

    @Test
    void aNominationFromAnAddressThatAnswersMovesThePath() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (PeerSocket first = new PeerSocket(server).answering(peer, ours);
             PeerSocket moved = new PeerSocket(server).answering(peer, ours)) {
            assertTrue(first.check(peer, ours, true));
            await(() -> first.address().equals(transport.remote()));
            assertEquals(1, first.answeredChecks(), "even the first path answered our check before becoming one");

            assertTrue(moved.check(peer, ours, true));
            await(() -> moved.address().equals(transport.remote()));
            assertEquals(moved.address(), transport.remote());
            assertEquals(1, moved.answeredChecks());
            assertTrue(registry.byAddress(first.address()) == transport, "the old address still routes in here");
            assertEquals(2.0, counter("livestage.sfu.consent.checks", "answered"));
        }
    }

    @Test
    void aRightAnswerFromTheWrongAddressProvesNothing() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (PeerSocket real = new PeerSocket(server).answering(peer, ours);
             PeerSocket asked = new PeerSocket(server).answering(peer, ours);
             PeerSocket elsewhere = new PeerSocket(server)) {
            asked.answeringFrom(elsewhere);
            assertTrue(real.check(peer, ours, true));
            await(() -> real.address().equals(transport.remote()));

            assertTrue(asked.check(peer, ours, true));
            await(() -> asked.answeredChecks() >= 2);
            Thread.sleep(100);
            assertEquals(real.address(), transport.remote(), "neither the asked address nor the answering one");
            assertTrue(asked.answeredChecks() >= 2, "our check kept being retransmitted: no answer counted");
            assertTrue(counter("livestage.sfu.ice.failures", "unknown_transaction") >= 2);
        }
    }

    @Test
    void consentOfThePathIsRefreshedOnlyFromThePath() throws Exception {
        start(Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (PeerSocket real = new PeerSocket(server).answering(peer, ours); PeerSocket other = new PeerSocket(server)) {
            assertTrue(real.check(peer, ours, true));
            await(() -> real.address().equals(transport.remote()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (closedBecause == null && System.nanoTime() < deadline) {
                assertTrue(other.check(peer, ours, false) || closedBecause != null);
                transport.tick(System.nanoTime());
                Thread.sleep(150);
            }
            assertEquals("ICE consent expired", closedBecause,
                    "checks from another address kept the silent path's consent alive");
        }
    }

    @Test
    void theHandshakeWaitsForConsentAndTheFirstFlightAndASilentPeerIsClosed() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofMillis(600));
        try (PeerSocket silent = new PeerSocket(server).answering(peer, ours)) {
            assertTrue(silent.check(peer, ours, true));
            await(() -> silent.address().equals(transport.remote()));
            Thread.sleep(200);
            assertEquals(0, handshakeTasks.get(), "no handshake thread before the peer's ClientHello");

            await(() -> closedBecause != null);
            assertTrue(closedBecause != null && closedBecause.startsWith("no DTLS from the peer"), closedBecause);
            assertEquals(1.0, counter("livestage.sfu.dtls.failures", "first_flight_timeout"));
            assertEquals(0, handshakeTasks.get());
            assertNull(registry.byAddress(silent.address()));
        }
    }

    @Test
    void aClientHelloFromAPeerThatNeverAnswersOurCheckStartsNoHandshake() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofMillis(600));
        try (PeerSocket deaf = new PeerSocket(server)) {
            assertTrue(deaf.check(peer, ours, true));
            // A DTLS handshake record header (content type 22, DTLS 1.2): enough to start a handshake.
            deaf.send(new byte[] {0x16, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
            await(() -> closedBecause != null);
            assertEquals("no address of the peer answered our consent check", closedBecause);
            assertEquals(0, handshakeTasks.get(), "no thread was ever held for it");
            assertNull(transport.remote());
            assertEquals(0, deaf.otherDatagrams());
        }
    }

    @Test
    void aClientHelloAfterConsentStartsTheHandshake() throws Exception {
        start(Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (PeerSocket peerSocket = new PeerSocket(server).answering(peer, ours)) {
            assertTrue(peerSocket.check(peer, ours, true));
            await(() -> peerSocket.address().equals(transport.remote()));
            assertEquals(0, handshakeTasks.get());
            peerSocket.send(new byte[] {0x16, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
            await(() -> handshakeTasks.get() > 0);
            assertTrue(handshakeTasks.get() > 0, "the first flight starts the handshake");
        }
    }

    private void start(Duration consentTimeout, Duration firstFlightTimeout) {
        transport = new WebRtcTransport(TransportRole.SUBSCRIBER, "viewer", ours, CERTIFICATE,
                new TransportSettings(DtlsConfig.DEFAULT, consentTimeout, 0, firstFlightTimeout), handshakes, registry,
                metrics, new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                        closedBecause = reason;
                    }
                });
        transport.start(peer, SOME_FINGERPRINT, DtlsRole.SERVER, List.of());
    }

    private double counter(String name, String tag) {
        return meters.find(name).counters().stream()
                .filter(c -> c.getId().getTags().stream().anyMatch(t -> t.getValue().equals(tag)))
                .mapToDouble(c -> c.count()).sum();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}

package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restart on one transport over real UDP: the peer checks from one socket, restarts, and
 * checks from a new one; the registry and the selected path follow the nominated check, once its
 * address has answered the transport's consent check.
 */
class WebRtcTransportIceRestartTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);

    private final EventLoopGroup loops = MediaTransport.group(2, "ice-restart-test");
    private final ExecutorService handshakes = Executors.newCachedThreadPool();
    private final TransportRegistry registry = new TransportRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SfuMetrics metrics = new SfuMetrics(registry::count);
    private final MediaPort port = new MediaPort(loops, 2, "127.0.0.1", 0, registry, metrics);
    private final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port());
    private final IceCredentials serverFirst = IceCredentials.random(RANDOM);
    private final IceCredentials peerFirst = IceCredentials.random(RANDOM);
    private final WebRtcTransport transport = new WebRtcTransport(TransportRole.PUBLISHER, "restarter", serverFirst,
            // No DTLS here: the first-flight deadline must not close the transport mid-test.
            CERTIFICATE, new TransportSettings(DtlsConfig.DEFAULT, Duration.ofSeconds(30), 0, Duration.ofSeconds(30)),
            handshakes, registry, metrics, new WebRtcTransport.Listener() {
                @Override
                public void connected(WebRtcTransport connected) {
                }

                @Override
                public void closed(WebRtcTransport gone, String reason) {
                }
            });

    WebRtcTransportIceRestartTest() {
        metrics.bindTo(meters);
    }

    @AfterEach
    void stop() {
        transport.close("test over");
        port.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        handshakes.shutdownNow();
    }

    @Test
    void theNominatedCheckWithNewCredentialsMovesThePathAndRetiresTheOldOnes() throws Exception {
        transport.start(peerFirst, DtlsFingerprint.sha256Of(new byte[] {1}), DtlsRole.SERVER, List.of());
        IceCredentials serverSecond = IceCredentials.random(RANDOM);
        IceCredentials peerSecond = IceCredentials.random(RANDOM);
        try (PeerSocket oldNetwork = new PeerSocket(server).answering(peerFirst, serverFirst);
             PeerSocket newNetwork = new PeerSocket(server).answering(peerSecond, serverSecond)) {
            assertTrue(oldNetwork.check(peerFirst, serverFirst, true));
            await(() -> oldNetwork.address().equals(transport.remote()));

            assertTrue(transport.restartIce(serverSecond, peerSecond));
            assertSame(transport, registry.byUfrag(serverSecond.ufrag()), "the new ufrag routes here at once");
            assertSame(transport, registry.byUfrag(serverFirst.ufrag()), "the old one until the new one is selected");
            assertEquals(serverSecond, transport.localIce());
            assertEquals(1, registry.all().size(), "listed once with two ufrags");

            assertTrue(oldNetwork.check(peerFirst, serverFirst, false), "consent on the old path still works");
            assertTrue(newNetwork.check(peerSecond, serverSecond, false));
            await(() -> registry.byAddress(newNetwork.address()) == transport);
            await(() -> newNetwork.answeredChecks() == 1);
            assertEquals(1, newNetwork.answeredChecks(), "the new address was asked for its consent");
            assertEquals(oldNetwork.address(), transport.remote(), "an unnominated check does not move the path");

            assertTrue(newNetwork.check(peerSecond, serverSecond, true));
            await(() -> newNetwork.address().equals(transport.remote()));
            await(() -> registry.byAddress(oldNetwork.address()) == null);
            assertEquals(newNetwork.address(), transport.remote());
            assertNull(registry.byAddress(oldNetwork.address()), "the old address no longer carries DTLS or media");
            assertNull(registry.byUfrag(serverFirst.ufrag()), "the old ufrag is dropped");
            assertEquals(serverSecond, transport.selectedLocalIce());
            assertFalse(oldNetwork.check(peerFirst, serverFirst, true), "old credentials are refused");
            assertEquals(1.0, counter("livestage.sfu.ice.restarts"));
            assertEquals(1.0, counter("livestage.sfu.ice.restarts.completed"));
        }
    }

    @Test
    void aSecondRestartBeforeTheFirstCompletedWins() throws Exception {
        transport.start(peerFirst, DtlsFingerprint.sha256Of(new byte[] {1}), DtlsRole.SERVER, List.of());
        IceCredentials abandoned = IceCredentials.random(RANDOM);
        IceCredentials last = IceCredentials.random(RANDOM);
        IceCredentials peerLast = IceCredentials.random(RANDOM);
        assertTrue(transport.restartIce(abandoned, null));
        assertTrue(transport.restartIce(last, null));
        assertNull(registry.byUfrag(abandoned.ufrag()));
        assertSame(transport, registry.byUfrag(last.ufrag()));
        try (PeerSocket newNetwork = new PeerSocket(server).answering(peerLast, last)) {
            assertFalse(newNetwork.check(peerLast, last, true), "unanswerable before the peer's credentials");
            assertTrue(transport.remoteIceRestarted(peerLast));
            assertFalse(transport.remoteIceRestarted(peerLast), "once per restart");
            assertTrue(newNetwork.check(peerLast, last, true));
            await(() -> newNetwork.address().equals(transport.remote()));
            assertEquals(newNetwork.address(), transport.remote());
            assertNull(registry.byUfrag(serverFirst.ufrag()));
            assertEquals(2.0, counter("livestage.sfu.ice.restarts"));
            assertEquals(1.0, counter("livestage.sfu.ice.restarts.completed"));
        }
    }

    @Test
    void nothingToRestartBeforeTheStartOrAfterTheClose() {
        assertFalse(transport.restartIce(IceCredentials.random(RANDOM), null), "not started");
        transport.start(peerFirst, DtlsFingerprint.sha256Of(new byte[] {1}), DtlsRole.SERVER, List.of());
        IceCredentials pending = IceCredentials.random(RANDOM);
        assertTrue(transport.restartIce(pending, null));
        transport.close("gone");
        assertFalse(transport.restartIce(IceCredentials.random(RANDOM), null));
        assertNull(registry.byUfrag(pending.ufrag()), "a closed transport leaves no ufrag behind");
        assertNull(registry.byUfrag(serverFirst.ufrag()));
        assertTrue(registry.all().isEmpty());
    }

    @Test
    void aFullAddressTableMakesRoomWithAnOlderGenerationsAddressButNeverThePathInUse() {
        PeerAddresses table = new PeerAddresses(registry, transport, Duration.ofSeconds(30).toNanos());
        InetSocketAddress inUse = address(1);
        for (int i = 1; i <= PeerAddresses.MAX_ADDRESSES; i++) {
            assertTrue(table.checked(address(i), 0, inUse));
        }
        assertFalse(table.checked(address(100), 0, inUse), "the same generation finds no room");
        assertNull(registry.byAddress(address(100)));
        assertTrue(table.checked(address(101), 1, inUse), "a restart's address replaces an older one");
        assertTrue(table.contains(inUse));
        assertFalse(table.contains(address(2)), "the first older address that is not in use");
        assertNull(registry.byAddress(address(2)));
        assertSame(transport, registry.byAddress(address(101)));
        assertEquals(PeerAddresses.MAX_ADDRESSES, table.size());

        assertTrue(table.checked(inUse, 1, inUse), "checked again with the restart's credentials");
        table.retireOlderThan(1);
        assertEquals(2, table.size());
        assertTrue(table.contains(inUse) && table.contains(address(101)));
        assertNull(registry.byAddress(address(3)));
        table.clear();
        assertNull(registry.byAddress(address(101)));
        assertEquals(0, table.size());
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress("192.0.2.1", 40000 + port);
    }

    private double counter(String name) {
        return meters.get(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}

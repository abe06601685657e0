package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.transport.PeerSocket;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaPort;
import io.livestage.sfu.udp.MediaTransport;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's subscriber lives on the media loop of the publisher it watches, whichever loop the
 * kernel delivers its datagrams on, so a call's packet is decrypted, rewritten and encrypted on
 * one loop; a show's viewers beyond the first two stay spread over the loops. Real UDP: two loops
 * on one port (SO_REUSEPORT), peers checking from loopback sockets.
 */
class SmallRoomHomeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);
    private static final DtlsFingerprint SOME_FINGERPRINT = DtlsFingerprint.sha256Of(new byte[] {1});

    private final EventLoopGroup loops = MediaTransport.group(2, "home-test");
    private final TransportRegistry registry = new TransportRegistry();
    private final SfuMetrics metrics = new SfuMetrics(registry::count);
    private final MediaPort port = new MediaPort(loops, 2, "127.0.0.1", 0, registry, metrics);
    private final InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port.port());
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The credentials each transport's peer checks with. */
    private final Map<WebRtcTransport, IceCredentials> peerCredentials = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
        port.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    @Test
    void aCallsSubscriberLivesOnTheLoopOfThePublisherItWatches() throws Exception {
        // Eight calls: the kernel hashes each subscriber's socket to either loop, so without the
        // preference about half of them would live on the other loop.
        for (int call = 0; call < 8; call++) {
            Router router = new Router("call-" + call);
            WebRtcTransport consultant = checkedIn(TransportRole.PUBLISHER, "consultant-" + call);
            router.publish("consultant-session-" + call, consultant);
            WebRtcTransport caller = transport(TransportRole.SUBSCRIBER, "caller-" + call);
            String callerUser = "caller-" + call;
            caller.preferHome(() -> router.homeFor(callerUser));

            PeerSocket socket = peer(caller);
            assertSame(consultant.owner(), caller.owner(), "call " + call + ": on the publisher's loop");
            // Consent was proven through an answer that arrived on the kernel's loop and was handed over.
            await(() -> socket.address().equals(caller.remote()));
            assertEquals(socket.address(), caller.remote());
        }
    }

    @Test
    void withoutAnAnswerTheKernelsLoopOwnsTheTransport() throws Exception {
        WebRtcTransport viewer = transport(TransportRole.SUBSCRIBER, "viewer");
        viewer.preferHome(() -> null);
        peer(viewer);
        assertNotNull(viewer.owner());
        assertTrue(port.loops().contains(viewer.owner()));
    }

    @Test
    void onlyTheOtherPublishersOfASmallRoomOnOneLoopGiveAHome() throws Exception {
        Router room = new Router("room");
        assertNull(room.homeFor("viewer"), "nobody publishes");

        WebRtcTransport silent = transport(TransportRole.PUBLISHER, "silent");
        room.publish("silent-session", silent);
        assertNull(room.homeFor("viewer"), "a publisher that has not checked in has no loop yet");
        room.unpublish("silent-session");

        WebRtcTransport host = checkedIn(TransportRole.PUBLISHER, "host");
        room.publish("host-session", host);
        assertSame(host.owner(), room.homeFor("viewer"));
        assertNull(room.homeFor("host"), "our own publisher is not one we watch");

        for (int i = 1; i <= Router.SMALL_ROOM_SUBSCRIPTIONS; i++) {
            room.add(subscription(room, i));
        }
        assertSame(host.owner(), room.homeFor("viewer"), "a call's two subscriptions");
        room.add(subscription(room, Router.SMALL_ROOM_SUBSCRIPTIONS + 1));
        assertNull(room.homeFor("viewer"), "a show's viewers are spread over the loops");
    }

    @Test
    void publishersOnTwoLoopsGiveNoHome() throws Exception {
        Router room = new Router("room");
        WebRtcTransport first = checkedIn(TransportRole.PUBLISHER, "first");
        room.publish("first-session", first);
        WebRtcTransport second = null;
        for (int attempt = 0; attempt < 32 && second == null; attempt++) {
            WebRtcTransport candidate = checkedIn(TransportRole.PUBLISHER, "second");
            if (candidate.owner() != first.owner()) {
                second = candidate;
            }
        }
        assertNotNull(second, "the kernel spread 32 sockets over the loops");
        room.publish("second-session", second);
        assertNull(room.homeFor("viewer"));
    }

    /** A started transport whose peer checked in from a socket of its own, so it has its loop. */
    private WebRtcTransport checkedIn(TransportRole role, String user) throws Exception {
        WebRtcTransport transport = transport(role, user);
        peer(transport);
        return transport;
    }

    private PeerSocket peer(WebRtcTransport transport) throws Exception {
        IceCredentials peer = peerCredentials.get(transport);
        PeerSocket socket = new PeerSocket(server).answering(peer, transport.localIce());
        closing.add(socket);
        assertTrue(socket.check(peer, transport.localIce(), true), "the check is answered");
        assertNotNull(transport.owner());
        return socket;
    }

    private WebRtcTransport transport(TransportRole role, String user) {
        WebRtcTransport transport = new WebRtcTransport(role, user, IceCredentials.random(RANDOM), CERTIFICATE,
                new TransportSettings(DtlsConfig.DEFAULT, Duration.ofSeconds(30), 0), Runnable::run, registry, metrics,
                new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                    }
                });
        IceCredentials peer = IceCredentials.random(RANDOM);
        peerCredentials.put(transport, peer);
        transport.start(peer, SOME_FINGERPRINT, DtlsRole.SERVER, List.of());
        closing.add(() -> transport.close("test over"));
        return transport;
    }

    private Subscription subscription(Router room, int n) {
        MediaSession session = new QuietSession("viewer-session-" + n, "viewer-" + n);
        IceCredentials local = IceCredentials.random(RANDOM);
        return new Subscription("s" + n, session, room, transport(TransportRole.SUBSCRIBER, "viewer-" + n),
                new LocalTransportDescription(local, CERTIFICATE.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 9))),
                n, false);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}

package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.server.LiveStageServer;
import io.livestage.sfu.TrackStats;
import io.livestage.sfu.dtls.DtlsFailure;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.BindingRequest;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.StunBindingClient;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.config.AuthConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input on the media port while a real publisher streams: each kind is dropped or refused,
 * counted in the server's metrics, and the publisher's media keeps arriving intact.
 */
@Timeout(60)
class MediaPortBadInputTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LiveStageServer server;
    private static SignalingConnector connector;
    private static WebRtcPeerGroup peers;
    private static JavaPublisher bystander;
    private static InetSocketAddress mediaPort;

    @BeforeAll
    static void startAPublisher() throws Exception {
        server = LoopbackServer.start();
        connector = new SignalingConnector(ClientOptions.defaults(), 1);
        peers = new WebRtcPeerGroup(1);
        bystander = JavaPublisher.start(connector, wsUri(), token("bystander"), peers, PublisherOptions.defaults())
                .get(20, TimeUnit.SECONDS);
        mediaPort = new InetSocketAddress("127.0.0.1", server.sfu().udpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        bystander.stopMedia().get(5, TimeUnit.SECONDS);
        List<TrackStats> tracks = server.sfu().tracks(bystander.roomId());
        SentStreamStats audio = bystander.sent("audio");
        TrackStats received = tracks.stream().filter(t -> t.ssrc() == audio.ssrc()).findFirst().orElseThrow();
        try {
            assertEquals(0, received.decryptFailures(), "the bystander's media was never disturbed");
            assertEquals(0, received.lost(), "the bystander lost nothing: " + received);
            assertTrue(audio.packets() - received.packets() <= 2, "in flight at most: sent " + audio.packets() + ", got " + received);
        } finally {
            bystander.close().get(10, TimeUnit.SECONDS);
            peers.close();
            connector.close();
            server.close();
        }
    }

    @Test
    void garbageAndTruncatedDatagramsAreDroppedAndCounted() throws Exception {
        double unknown = metric("livestage_sfu_packets_dropped_total{reason=\"unknown_protocol\"}");
        double unknownAddress = metric("livestage_sfu_packets_dropped_total{reason=\"unknown_address\"}");
        double malformedStun = metric("livestage_sfu_ice_failures_total{reason=\"malformed\"}");
        try (DatagramSocket socket = socket()) {
            send(socket, new byte[] {0x42, 0x42, 0x42, 0x42});
            send(socket, new byte[] {(byte) 0xF0});
            send(socket, new byte[] {0x00});
            send(socket, new byte[] {0x00, 0x01, 0x00, 0x00, 0x21, 0x12});
            send(socket, new byte[] {(byte) 0x80, 0x60, 0x00});
            send(socket, new byte[] {0x16, (byte) 0xFE, (byte) 0xFD});
        }
        awaitMetricAtLeast("livestage_sfu_packets_dropped_total{reason=\"unknown_protocol\"}", unknown + 2);
        awaitMetricAtLeast("livestage_sfu_ice_failures_total{reason=\"malformed\"}", malformedStun + 2);
        awaitMetricAtLeast("livestage_sfu_packets_dropped_total{reason=\"unknown_address\"}", unknownAddress + 2);
    }

    @Test
    void stunWithAWrongPasswordOrUfragIsRefusedUnanswered() throws Exception {
        Published target = publishRaw("stun-prober", randomFingerprint());
        IceCredentials ours = target.ourIce;
        IceCredentials wrongPassword = new IceCredentials(target.answer.ice().ufrag(), "wrongpasswordwrongpassword");
        IceCredentials wrongUfrag = new IceCredentials("nosuchufrag", target.answer.ice().pwd());
        double badIntegrity = metric("livestage_sfu_ice_failures_total{reason=\"bad_integrity\"}");
        double unknownUfrag = metric("livestage_sfu_ice_failures_total{reason=\"unknown_ufrag\"}");
        try (DatagramSocket socket = socket()) {
            send(socket, new StunBindingClient(ours, wrongPassword, RANDOM).newRequest(100, true).bytes());
            send(socket, new StunBindingClient(ours, wrongUfrag, RANDOM).newRequest(100, true).bytes());
            assertThrows(SocketTimeoutException.class, () -> receive(socket, 300), "refused checks get no answer");
        }
        awaitMetricAtLeast("livestage_sfu_ice_failures_total{reason=\"bad_integrity\"}", badIntegrity + 1);
        awaitMetricAtLeast("livestage_sfu_ice_failures_total{reason=\"unknown_ufrag\"}", unknownUfrag + 1);
        target.signaling.close();
    }

    @Test
    void dtlsFromAnAddressThatNeverPassedIceIsDropped() throws Exception {
        Published target = publishRaw("dtls-stranger", randomFingerprint());
        double unknownAddress = metric("livestage_sfu_packets_dropped_total{reason=\"unknown_address\"}");
        try (DatagramSocket socket = socket()) {
            // A DTLS 1.2 record header (handshake, version FEFD) with a short body, never preceded by ICE.
            send(socket, new byte[] {0x16, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
            assertThrows(SocketTimeoutException.class, () -> receive(socket, 300));
        }
        awaitMetricAtLeast("livestage_sfu_packets_dropped_total{reason=\"unknown_address\"}", unknownAddress + 1);
        target.signaling.close();
    }

    @Test
    void rtpBeforeTheDtlsHandshakeIsNeverAccepted() throws Exception {
        Published target = publishRaw("early-rtp", randomFingerprint());
        double notConnected = metric("livestage_sfu_packets_dropped_total{reason=\"not_connected\"}");
        double rtpIn = metric("livestage_sfu_packets_in_total{kind=\"rtp\"}");
        try (DatagramSocket socket = socket()) {
            BindingRequest check = new StunBindingClient(target.ourIce, target.answer.ice(), RANDOM).newRequest(100, true);
            send(socket, check.bytes());
            receive(socket, 2000);
            byte[] rtp = new byte[100];
            rtp[0] = (byte) 0x80;
            rtp[1] = 111;
            for (int i = 0; i < 5; i++) {
                rtp[3] = (byte) i;
                send(socket, rtp);
            }
            Thread.sleep(200);
        }
        target.signaling.request(SignalingClient.message("media.unpublish").put("roomId", target.roomId), Duration.ofSeconds(5))
                .exceptionally(e -> null);
        target.signaling.close();
        awaitMetricAtLeast("livestage_sfu_packets_dropped_total{reason=\"not_connected\"}", notConnected + 5);
        assertTrue(metric("livestage_sfu_packets_in_total{kind=\"rtp\"}") - rtpIn < 400,
                "only the bystander's packets are accepted meanwhile");
    }

    @Test
    void aCertificateThatDoesNotMatchTheOfferedFingerprintFailsDtls() throws Exception {
        double mismatches = metric("livestage_sfu_dtls_failures_total{reason=\"fingerprint_mismatch\"}");
        WebRtcPeer impostor = peers.newPeer(MediaReceiver.NONE);
        Published target = publishRaw("impostor", randomFingerprint(), impostor.localIce());
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> impostor.connect(target.answer, target.answer.firstIpv4HostCandidate()).get(20, TimeUnit.SECONDS));
        WebRtcException refused = assertInstanceOf(WebRtcException.class, failure.getCause());
        assertEquals(WebRtcFailure.DTLS_FAILED, refused.failure());
        awaitMetricAtLeast("livestage_sfu_dtls_failures_total{reason=\"fingerprint_mismatch\"}", mismatches + 1);
        assertTrue(refused.dtlsFailure() == null || refused.dtlsFailure() != DtlsFailure.FINGERPRINT_MISMATCH,
                "the server refused the impostor, not the other way round");
        impostor.close();
        target.signaling.close();
    }

    /** A show whose host published an offer but runs no WebRTC stack: the answer for raw tests. */
    private record Published(SignalingClient signaling, String roomId, IceCredentials ourIce, ServerAnswer answer) {
    }

    private static Published publishRaw(String user, DtlsFingerprint fingerprint) throws Exception {
        return publishRaw(user, fingerprint, IceCredentials.random(RANDOM));
    }

    private static Published publishRaw(String user, DtlsFingerprint fingerprint, IceCredentials ice) throws Exception {
        SignalingClient client = connector.connect(wsUri(), (c, event) -> { }).get(10, TimeUnit.SECONDS);
        Duration timeout = Duration.ofSeconds(10);
        client.request(SignalingClient.message("auth").put("token", token(user)), timeout).get();
        String roomId = client.request(SignalingClient.message("show.start").put("title", user), timeout).get()
                .path("roomId").asText();
        String offer = OfferBuilder.publisher(ice, fingerprint, LocalTracks.random(RANDOM));
        JsonNode answer = client.request(SignalingClient.message("media.publish").put("roomId", roomId).put("sdp", offer),
                timeout).get();
        return new Published(client, roomId, ice, ServerAnswer.parse(answer.path("sdp").asText()));
    }

    private static DtlsFingerprint randomFingerprint() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return DtlsFingerprint.sha256Of(bytes);
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(2000);
        return socket;
    }

    private static void send(DatagramSocket socket, byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, mediaPort));
    }

    private static byte[] receive(DatagramSocket socket, int timeoutMs) throws Exception {
        socket.setSoTimeout(timeoutMs);
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        socket.receive(packet);
        return packet.getData();
    }

    private static URI wsUri() {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    private static String token(String user) {
        return new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC())
                .issue(new Identity(user, user, Set.of(Role.CREATOR), true, null), Duration.ofMinutes(5));
    }

    private static double metric(String series) throws Exception {
        return LoopbackServer.metric(server, series);
    }

    private static void awaitMetricAtLeast(String series, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double value = metric(series);
        while (value < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = metric(series);
        }
        assertTrue(value >= expected, series + " is " + value + ", expected at least " + expected);
    }
}

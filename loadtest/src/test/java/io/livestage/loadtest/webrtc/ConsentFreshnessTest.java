package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.server.LiveStageServer;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.config.AuthConfig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 7675: a peer that passed ICE and then falls silent is closed once its consent expires. */
class ConsentFreshnessTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HANDSHAKING = "livestage_sfu_transports{role=\"publisher\",state=\"handshaking\"}";

    @Test
    @Timeout(30)
    void aSilentPeerIsClosedWhenItsConsentExpires() throws Exception {
        try (LiveStageServer server = LoopbackServer.start(Map.of("LIVESTAGE_MEDIA_CONSENT_TIMEOUT_MS", "1000"));
             SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SignalingClient host = connector.connect(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                    (client, event) -> { }).get(10, TimeUnit.SECONDS);
            Duration timeout = Duration.ofSeconds(10);
            String token = new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC())
                    .issue(new Identity("quiet", "quiet", Set.of(Role.CREATOR), true, null), Duration.ofMinutes(5));
            host.request(SignalingClient.message("auth").put("token", token), timeout).get();
            String roomId = host.request(SignalingClient.message("show.start").put("title", "Quiet"), timeout).get()
                    .path("roomId").asText();
            IceCredentials ours = IceCredentials.random(RANDOM);
            JsonNode answer = host.request(SignalingClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", OfferBuilder.publisher(ours, DtlsFingerprint.sha256Of(new byte[] {1, 2, 3}), LocalTracks.random(RANDOM))),
                    timeout).get();
            ServerAnswer media = ServerAnswer.parse(answer.path("sdp").asText());

            byte[] check = new StunBindingClient(ours, media.ice(), RANDOM).newRequest(100, true).bytes();
            socket.send(new DatagramPacket(check, check.length, media.firstIpv4HostCandidate()));
            socket.setSoTimeout(2000);
            answerConsentCheck(socket, ours, media);
            long learned = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (LoopbackServer.metric(server, HANDSHAKING) < 1 && System.nanoTime() < learned) {
                Thread.sleep(20);
            }
            assertEquals(1.0, LoopbackServer.metric(server, HANDSHAKING),
                    "the check was answered, ours too, and the peer's address became the path");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (LoopbackServer.metric(server, "livestage_sfu_consent_expired_total") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1.0, LoopbackServer.metric(server, "livestage_sfu_consent_expired_total"));
            assertTrue(LoopbackServer.metric(server, HANDSHAKING) == 0, "the silent peer's transport is gone");
        }
    }

    /** Reads until the server's own check has come (the response to ours may come first), and answers it. */
    private static void answerConsentCheck(DatagramSocket socket, IceCredentials ours, ServerAnswer media)
            throws Exception {
        IceLiteResponder responder = IceLiteResponder.forControllingAgent(ours, media.ice());
        for (int i = 0; i < 2; i++) {
            DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
            socket.receive(packet);
            if (responder.respond(packet.getData(), 0, packet.getLength(), (InetSocketAddress) packet.getSocketAddress())
                    instanceof BindingOutcome.Accepted answer) {
                socket.send(new DatagramPacket(answer.response(), answer.response().length, packet.getSocketAddress()));
                return;
            }
        }
        throw new AssertionError("the server never asked our address for its consent");
    }

}

package io.livestage.loadtest.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.client.SignalingListener;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A viewer for end-to-end tests: joins a room, subscribes, and answers each of the server's
 * offers by echoing it back as a receive-only answer with our own ICE credentials and DTLS
 * fingerprint (every section accepted with the codecs and extensions as offered), then connects a
 * {@link WebRtcPeer}, which decrypts what the server forwards. It checks nothing about the
 * media itself; that is the Java subscriber's job.
 */
final class EchoAnswerViewer implements SignalingListener {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebRtcPeer peer;
    private volatile SignalingClient signaling;
    private volatile String subscriptionId;

    private EchoAnswerViewer(WebRtcPeer peer) {
        this.peer = peer;
    }

    static CompletableFuture<EchoAnswerViewer> watch(SignalingConnector connector, URI url, String token,
            String roomId, WebRtcPeerGroup peers) {
        EchoAnswerViewer viewer = new EchoAnswerViewer(peers.newPeer(MediaReceiver.NONE));
        return connector.connect(url, viewer).thenCompose(client -> {
            viewer.signaling = client;
            return client.request(SignalingClient.message("auth").put("token", token), TIMEOUT);
        }).thenCompose(welcome -> viewer.signaling.request(
                SignalingClient.message("room.join").put("roomId", roomId), TIMEOUT))
                .thenCompose(joined -> viewer.signaling.request(
                        SignalingClient.message("media.subscribe").put("roomId", roomId), TIMEOUT))
                .thenCompose(offer -> {
                    viewer.subscriptionId = offer.path("subscriptionId").asText();
                    String sdp = offer.path("sdp").asText();
                    ServerAnswer server = ServerAnswer.parse(sdp);
                    return viewer.answer(sdp)
                            .thenCompose(ok -> viewer.peer.connect(server, server.firstIpv4HostCandidate()));
                })
                .thenApply(connected -> viewer);
    }

    WebRtcPeer peer() {
        return peer;
    }

    /** Publishers came or went: accept the new offer on the same transport. */
    @Override
    public void onEvent(SignalingClient client, JsonNode message) {
        if ("media.offer".equals(message.path("type").asText())
                && message.path("subscriptionId").asText().equals(subscriptionId)) {
            answer(message.path("sdp").asText());
        }
    }

    private CompletableFuture<JsonNode> answer(String offer) {
        return signaling.request(SignalingClient.message("media.answer").put("subscriptionId", subscriptionId)
                .put("sdp", echo(offer)), TIMEOUT);
    }

    /** Leaves: unsubscribes (no reply), closes the peer and the connection. */
    CompletableFuture<Void> close() {
        SignalingClient client = signaling;
        if (client != null && subscriptionId != null) {
            client.send(SignalingClient.message("media.unsubscribe").put("subscriptionId", subscriptionId));
        }
        return peer.close().thenCompose(closed -> client == null ? CompletableFuture.completedFuture(null)
                : client.close());
    }

    /** The offer as our answer: our transport, DTLS client (active), receiving only. */
    private String echo(String offer) {
        StringBuilder answer = new StringBuilder();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=ice-lite") || line.startsWith("a=candidate") || line.startsWith("a=end-of-candidates")
                    || line.startsWith("a=ssrc") || line.startsWith("a=msid") || line.startsWith("a=ice-options")) {
                continue;
            }
            if (line.startsWith("a=ice-ufrag:")) {
                line = "a=ice-ufrag:" + peer.localIce().ufrag();
            } else if (line.startsWith("a=ice-pwd:")) {
                line = "a=ice-pwd:" + peer.localIce().pwd();
            } else if (line.startsWith("a=fingerprint:")) {
                line = "a=fingerprint:" + peer.fingerprint().toSdpValue();
            } else if (line.equals("a=setup:actpass")) {
                line = "a=setup:active";
            } else if (line.equals("a=sendonly")) {
                line = "a=recvonly";
            }
            answer.append(line).append("\r\n");
        }
        return answer.toString();
    }
}

package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.dtls.DtlsFingerprint;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * When a subscription pushes offers (never before the first one, which is the media.subscribe
 * reply), and how its ICE restarts go.
 */
class SubscriptionTest {
    private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
    private static final Pattern FINGERPRINT = Pattern.compile("a=fingerprint:sha-256 (\\S+)");
    private static final String VIEWER_FINGERPRINT = DtlsFingerprint.sha256Of(new byte[] {7}).value();

    private final SecureRandom random = new SecureRandom();
    private WebRtcTransport transport;
    /** The offers pushed to the viewer as events (not the replies to its requests). */
    private final List<String> pushed = new ArrayList<>();
    private final MediaSession viewer = new MediaSession() {
        @Override
        public String id() {
            return "viewer-session";
        }

        @Override
        public String userId() {
            return "viewer";
        }

        @Override
        public void offer(String roomId, String subscriptionId, String sdp) {
            pushed.add(sdp);
        }

        @Override
        public void layer(String roomId, String subscriptionId, String layer, boolean pinned) {
            throw new AssertionError("no simulcast track here to choose a layer of");
        }

        @Override
        public void publishLayers(String roomId, String mid, List<String> activeRids) {
            throw new AssertionError("the viewer publishes nothing");
        }
    };
    private final Router router = new Router("r1");
    private final Subscription subscription = subscription();

    @Test
    void aChangeBeforeTheFirstOfferIsLeftToThatOffer() {
        router.add(subscription);
        subscription.publishersChanged();
        assertEquals(List.of(), pushed, "an offer event would reach the viewer before its media.subscribe reply");
    }

    @Test
    void aChangeAfterTheFirstOfferWaitsForItsAnswer() {
        router.add(subscription);
        subscription.firstOffer();
        subscription.publishersChanged();
        assertEquals(List.of(), pushed, "a second offer while the first awaits its answer");
    }

    @Test
    void aRestartOffersNewCredentialsWithTheSameFingerprintAndTakesTheViewersNewOnes() throws Exception {
        String first = subscription.firstOffer();
        subscription.answer(answer(first, "view1", VIEWER_FINGERPRINT));
        IceCredentials ours = IceCredentials.random(random);

        String restart = subscription.restart(() -> ours).get();
        assertEquals(ours.ufrag(), find(UFRAG, restart));
        assertNotEquals(find(UFRAG, first), find(UFRAG, restart));
        assertEquals(find(FINGERPRINT, first), find(FINGERPRINT, restart));
        assertEquals(ours, transport.localIce());
        assertNull(transport.remoteIce(), "awaiting the viewer's new credentials");

        subscription.answer(answer(restart, "view2", VIEWER_FINGERPRINT));
        assertEquals("view2", transport.remoteIce().ufrag());
        assertEquals(find(UFRAG, first), transport.selectedLocalIce().ufrag(), "until a check with the new ones");
    }

    @Test
    void aRestartAnswerWithAnotherCertificateIsABadRequest() throws Exception {
        subscription.answer(answer(subscription.firstOffer(), "view1", VIEWER_FINGERPRINT));
        String restart = subscription.restart(() -> IceCredentials.random(random)).get();

        MediaException refused = assertThrows(MediaException.class, () -> subscription.answer(
                answer(restart, "view2", DtlsFingerprint.sha256Of(new byte[] {8}).value())));
        assertEquals(MediaException.Reason.BAD_REQUEST, refused.reason());
        assertTrue(refused.getMessage().contains("fingerprint"), refused.getMessage());
        MediaException roles = assertThrows(MediaException.class, () -> subscription.answer(
                answer(restart, "view2", VIEWER_FINGERPRINT).replace("a=setup:active", "a=setup:passive")));
        assertEquals(MediaException.Reason.BAD_REQUEST, roles.reason());

        subscription.answer(answer(restart, "view2", VIEWER_FINGERPRINT));
        assertEquals("view2", transport.remoteIce().ufrag(), "the offer still awaited a good answer");
    }

    @Test
    void restartsWhileAnOfferAwaitsItsAnswerFollowItAndTheLastOneWins() throws Exception {
        String first = subscription.firstOffer();
        IceCredentials last = IceCredentials.random(random);
        CompletableFuture<String> earlier = subscription.restart(() -> IceCredentials.random(random));
        CompletableFuture<String> later = subscription.restart(() -> last);
        ExecutionException superseded = assertThrows(ExecutionException.class, earlier::get);
        assertEquals(MediaException.Reason.CONFLICT, assertInstanceOf(MediaException.class, superseded.getCause()).reason());
        assertFalse(later.isDone(), "one offer outstanding at a time");

        subscription.answer(answer(first, "view1", VIEWER_FINGERPRINT));
        assertEquals(last.ufrag(), find(UFRAG, later.get()));
        assertEquals(last, transport.localIce());
        assertEquals(List.of(), pushed, "the restart offer is the request's reply, not an event");
    }

    @Test
    void anEndedSubscriptionHasNothingToRestart() {
        subscription.firstOffer();
        CompletableFuture<String> waiting = subscription.restart(() -> IceCredentials.random(random));
        subscription.close("unsubscribed");
        ExecutionException ended = assertThrows(ExecutionException.class, waiting::get);
        assertEquals(MediaException.Reason.NOT_FOUND, assertInstanceOf(MediaException.class, ended.getCause()).reason());
        assertTrue(subscription.restart(() -> IceCredentials.random(random)).isCompletedExceptionally());
    }

    /** A viewer's answer to an offer that has only the placeholder section (no publisher yet). */
    private static String answer(String offer, String ufrag, String fingerprint) {
        assertEquals(1, offer.split("m=audio", -1).length - 1, "the placeholder offer");
        return String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:0", "a=ice-ufrag:" + ufrag,
                "a=ice-pwd:viewerPasswordLongEnough" + ufrag, "a=fingerprint:sha-256 " + fingerprint,
                "a=setup:active", "a=inactive", "a=rtcp-mux", "a=rtpmap:111 opus/48000/2", "");
    }

    private static String find(Pattern pattern, String sdp) {
        Matcher matcher = pattern.matcher(sdp);
        assertTrue(matcher.find(), pattern + " in " + sdp);
        return matcher.group(1);
    }

    private Subscription subscription() {
        IceCredentials local = IceCredentials.random(random);
        DtlsCertificate certificate = DtlsCertificate.generate(random);
        TransportRegistry registry = new TransportRegistry();
        transport = new WebRtcTransport(TransportRole.SUBSCRIBER, "viewer", local, certificate,
                new TransportSettings(DtlsConfig.DEFAULT, Duration.ofSeconds(30), 0), Runnable::run, registry, new SfuMetrics(registry::count),
                new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                    }
                });
        return new Subscription("s1", viewer, router, transport, new LocalTransportDescription(local,
                certificate.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 9))), 1, false);
    }
}

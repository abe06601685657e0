package io.livestage.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.PublisherAnswer;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.SdpFixtures;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SubscriberOfferBuilder;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);
    private final TransportRegistry registry = new TransportRegistry();
    private final SfuMetrics metrics = new SfuMetrics(registry::count);

    /**
     * Found by SdpRoundTripFuzzTest: a second publisher announcing SSRCs a live one already uses
     * (it can read them from its own subscription's offer) made every viewer's offer throw.
     */
    @Test
    void aPublisherReusingLiveSsrcsIsLeftOutOfOffersInsteadOfBreakingThem() throws Exception {
        LocalTransportDescription local = new LocalTransportDescription(IceCredentials.random(RANDOM),
                CERTIFICATE.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 10000)));
        PublisherAnswer answer = PublisherAnswerBuilder.answer(SdpOffer.parse(SdpFixtures.load(SdpFixtures.SAFARI)), local);
        Router router = new Router("room");
        WebRtcTransport first = publisher("first", answer);
        WebRtcTransport copycat = publisher("copycat", answer);
        router.publish("s1", first);
        router.markLive(first);
        router.publish("s2", copycat);
        router.markLive(copycat);

        List<LiveTrack> tracks = router.liveTracks(false);
        assertEquals(first.sources().size(), tracks.size(), "one publisher's tracks, not both");
        Set<Long> ssrcs = new HashSet<>();
        tracks.forEach(t -> assertTrue(ssrcs.add(t.track().ssrc())));
        new SubscriberOfferBuilder(1).offer(local, tracks.stream().map(LiveTrack::track).toList());
        first.close("test over");
        copycat.close("test over");
    }

    /**
     * Found by SdpRoundTripFuzzTest (fifth round): {@code a=ssrc:N cname:} with nothing after the colon
     * passed the parser, and the empty CNAME then failed {@code OutgoingTrack}'s token check in
     * {@code Router.liveTracks}, so every viewer's offer in the room threw. An empty CNAME is no CNAME.
     */
    @Test
    void anEmptyCnameIsNoCnameInsteadOfBreakingEveryViewersOffer() throws Exception {
        LocalTransportDescription local = new LocalTransportDescription(IceCredentials.random(RANDOM),
                CERTIFICATE.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 10000)));
        String offer = SdpFixtures.load(SdpFixtures.CHROME).replace(" cname:Zq8rT3vW9xY1aB2c", " cname:");
        assertTrue(!offer.contains("Zq8rT3vW9xY1aB2c"), "the fixture's CNAME is gone");
        PublisherAnswer answer = PublisherAnswerBuilder.answer(SdpOffer.parse(offer), local);
        Router router = new Router("room");
        WebRtcTransport publisher = publisher("no-cname", answer);
        router.publish("s1", publisher);
        router.markLive(publisher);

        List<LiveTrack> tracks = router.liveTracks(false);
        assertEquals(publisher.sources().size(), tracks.size());
        assertTrue(!tracks.isEmpty());
        tracks.forEach(t -> assertEquals("livestage-no-cname", t.track().cname(), "the CNAME of a publisher without one"));
        new SubscriberOfferBuilder(1).offer(local, tracks.stream().map(LiveTrack::track).toList());
        publisher.close("test over");
    }

    private WebRtcTransport publisher(String user, PublisherAnswer answer) {
        WebRtcTransport transport = new WebRtcTransport(TransportRole.PUBLISHER, user, IceCredentials.random(RANDOM),
                CERTIFICATE, new TransportSettings(DtlsConfig.DEFAULT, Duration.ofSeconds(30), 0), Runnable::run,
                registry, metrics, new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                    }
                });
        transport.start(answer.remoteIce(), answer.remoteFingerprint(), DtlsRole.SERVER, answer.media());
        return transport;
    }
}

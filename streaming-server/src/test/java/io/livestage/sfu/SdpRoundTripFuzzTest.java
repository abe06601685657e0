package io.livestage.sfu;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OfferedSection;
import io.livestage.sfu.sdp.PublisherAnswer;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SdpDocument;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpFixtures;
import io.livestage.sfu.sdp.SdpMedia;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SsrcDescription;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher's offer, fuzzed, through everything SDP touches in the media plane: our parser, our
 * answer (re-read by our own parser: it must say what {@link PublisherAnswer#media()} says), the
 * publisher's transport and its tracks, a viewer's subscription offer in a room that already has
 * another publisher (payload type and extension id collisions, SSRCs that clash), the viewer's
 * answer (some sections refused), and the renegotiation when the fuzzed publisher leaves.
 *
 * <p>The only refusal allowed is the typed one: {@link SdpException} for the offer, {@link
 * MediaException} {@code bad_request} for an answer that refuses everything. Anything else thrown
 * anywhere is a bug a publisher could trigger in every viewer's {@code media.subscribe}.
 */
class SdpRoundTripFuzzTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate(RANDOM);
    private static final IceCredentials SERVER_ICE = new IceCredentials("lsUfrag1", "lsPassword0123456789abcd");
    private static final LocalTransportDescription LOCAL = new LocalTransportDescription(SERVER_ICE,
            CERTIFICATE.fingerprint().value(), List.of(new HostCandidate("127.0.0.1", 10000)));
    private static final TransportSettings SETTINGS = new TransportSettings(DtlsConfig.DEFAULT, Duration.ofSeconds(30), 0);
    private static final String VIEWER_UFRAG = "vwr1";
    private static final String VIEWER_PWD = "viewerPasswordLongEnough1";
    private static final String VIEWER_FINGERPRINT = DtlsFingerprint.sha256Of(new byte[] {7}).value();
    /** Safari numbers H.264 where Chrome has VP8: a room with both makes the viewer's offer renumber. */
    private static final PublisherAnswer HOST;

    static {
        try {
            HOST = PublisherAnswerBuilder.answer(SdpOffer.parse(SdpFixtures.load(SdpFixtures.SAFARI)), LOCAL);
        } catch (SdpException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DictionaryEntries({"a=rtpmap:", "a=fmtp:", "a=rtcp-fb:", "a=extmap:", "a=ssrc:", " cname:",
            " msid:", "a=ssrc-group:FID ", "a=mid:", "a=msid:", "a=rid:", " send", "a=simulcast:send ",
            "a=group:BUNDLE ", "m=video 9 UDP/TLS/RTP/SAVPF ", "m=audio 9 UDP/TLS/RTP/SAVPF ", "VP8/90000",
            "H264/90000", "opus/48000/2", "rtx/90000", "apt=", "packetization-mode=1", "a=setup:", "a=rtcp-mux",
            "a=sendonly", "a=inactive", "a=bundle-only", "nack pli", "transport-cc", "ccm fir",
            "urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
            "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "urn:ietf:params:rtp-hdrext:ssrc-audio-level"})
    void publisherOfferRoundTrip(byte[] input) {
        String sdp = new String(input, UTF_8);
        SdpOffer offer;
        PublisherAnswer answer;
        try {
            offer = SdpOffer.parse(sdp);
            answer = PublisherAnswerBuilder.answer(offer, LOCAL);
        } catch (SdpException refused) {
            return;
        }
        checkOfferParse(offer);
        checkAnswer(offer, answer);

        TransportRegistry registry = new TransportRegistry();
        SfuMetrics metrics = new SfuMetrics(registry::count);
        Router router = new Router("fuzz-room");
        WebRtcTransport host = transport(TransportRole.PUBLISHER, "host", registry, metrics);
        WebRtcTransport guest = transport(TransportRole.PUBLISHER, "guest", registry, metrics);
        WebRtcTransport viewerTransport = transport(TransportRole.SUBSCRIBER, "viewer", registry, metrics);
        Viewer viewer = new Viewer();
        Subscription subscription = new Subscription("s1", viewer, router, viewerTransport, LOCAL, 1, false);
        try {
            host.start(HOST.remoteIce(), HOST.remoteFingerprint(), DtlsRole.SERVER, HOST.media());
            guest.start(answer.remoteIce(), answer.remoteFingerprint(),
                    answer.dtlsServer() ? DtlsRole.SERVER : DtlsRole.CLIENT, answer.media());
            router.publish("host-session", host);
            router.markLive(host);
            router.publish("guest-session", guest);
            router.markLive(guest);
            router.add(subscription);

            List<LiveTrack> tracks = router.liveTracks(false);
            String first = subscription.firstOffer();
            SdpOffer firstOffer = parseOurs(first);
            checkSubscriberOffer(firstOffer, tracks, List.of());

            // The viewer refuses some sections, chosen by the input so every input is one reproducible scenario.
            int refusals = Arrays.hashCode(input);
            Set<String> refused = answerAndCheck(subscription, firstOffer, refusals);
            if (refused == null) {
                return;
            }

            router.forget("guest-session", guest);
            assertEquals(1, viewer.pushed.size(), "the guest leaving pushes one offer");
            SdpOffer second = parseOurs(viewer.pushed.get(0));
            checkSubscriberOffer(second, router.liveTracks(false), mids(firstOffer));
            for (OfferedSection section : second.sections()) {
                if (refused.contains(section.mid())) {
                    assertEquals(0, section.port(), "a refused section stays closed: mid " + section.mid());
                }
            }
            assertNotNull(answerAndCheck(subscription, second, 0), "an answer accepting everything is taken");
        } finally {
            subscription.close("fuzz input done");
            guest.close("fuzz input done");
            host.close("fuzz input done");
        }
    }

    /** What parsing promises: named, distinct sections; numbers that fit the wire. */
    private static void checkOfferParse(SdpOffer offer) {
        Set<String> mids = new HashSet<>();
        for (OfferedSection section : offer.sections()) {
            assertFalse(section.mid().isEmpty());
            assertTrue(mids.add(section.mid()), "duplicate mid " + section.mid());
            Set<Integer> payloadTypes = new HashSet<>();
            for (RtpCodec codec : section.codecs()) {
                assertTrue(codec.payloadType() >= 0 && codec.payloadType() <= 127, "payload type " + codec.payloadType());
                assertTrue(payloadTypes.add(codec.payloadType()), "payload type listed twice: " + codec.payloadType());
            }
            section.extensions().forEach(e -> assertTrue(e.id() >= 1 && e.id() <= 255, "extension id " + e.id()));
            for (SsrcDescription ssrc : section.ssrcs()) {
                assertTrue(ssrc.ssrc() >= 0 && ssrc.ssrc() <= 0xFFFF_FFFFL, "SSRC " + ssrc.ssrc());
            }
            assertTrue(section.rids().size() <= 3 && new HashSet<>(section.rids()).size() == section.rids().size());
        }
    }

    /** Our answer, read back by our own parser, says what the media plane was told. */
    private static void checkAnswer(SdpOffer offer, PublisherAnswer answer) {
        List<String> offered = mids(offer);
        List<String> answeredMids = new ArrayList<>(answer.rejectedMids());
        answer.media().forEach(m -> answeredMids.add(m.mid()));
        assertEquals(new HashSet<>(offered), new HashSet<>(answeredMids), "every offered mid is answered once");
        assertEquals(offered.size(), answeredMids.size());
        assertTrue(answer.media().size() <= 8, "tracks per publisher are capped");

        SdpOffer reread = parseOurs(answer.sdp());
        List<SdpMedia> raw = document(answer.sdp()).media();
        assertEquals(offered, mids(reread), "the answer keeps the offer's m-sections in order");
        assertTrue(reread.iceLite());
        for (int i = 0; i < reread.sections().size(); i++) {
            OfferedSection section = reread.sections().get(i);
            AcceptedMedia media = accepted(answer, section.mid());
            if (media == null) {
                assertEquals(0, section.port(), "a rejected section has port 0: mid " + section.mid());
                continue;
            }
            assertEquals(9, section.port());
            assertEquals(media.kind(), section.kind());
            assertEquals(media.direction(), section.direction());
            assertTrue(media.direction() == MediaDirection.RECVONLY || media.direction() == MediaDirection.INACTIVE);
            assertEquals(SERVER_ICE, section.ice());
            assertEquals(LOCAL.fingerprintSha256(), section.fingerprint(DtlsFingerprint.SHA_256).value());
            assertEquals(answer.localSetup(), section.setup());
            assertTrue(section.rtcpMux());
            assertEquals(meanings(media.codecs()), meanings(section.codecs()), "codecs of mid " + section.mid());
            assertEquals(media.extensions(), section.extensions(), "extensions of mid " + section.mid());
            // The answer receives the layers (a=rid:<id> recv), which the offer parser does not read as layers.
            assertEquals(media.rids().stream().map(rid -> rid + " recv").toList(), raw.get(i).values("rid"));
            assertEquals(media.simulcast() ? List.of("recv " + String.join(";", media.rids())) : List.of(),
                    raw.get(i).values("simulcast"), "simulcast layers of mid " + section.mid());
        }
    }

    /**
     * Our offer to a viewer: mids 0, 1, ... that never move, one section per live track, and in the
     * BUNDLE group one meaning per payload type and one URI per extension id (what Chrome checks).
     */
    private static void checkSubscriberOffer(SdpOffer offer, List<LiveTrack> tracks, List<String> earlierMids) {
        List<String> mids = mids(offer);
        for (int i = 0; i < mids.size(); i++) {
            assertEquals(Integer.toString(i), mids.get(i), "mids are given in order");
        }
        assertEquals(earlierMids, mids.subList(0, Math.min(earlierMids.size(), mids.size())), "sections never move");
        assertTrue(mids.size() >= earlierMids.size(), "sections never disappear");
        List<String> bundled = new ArrayList<>();
        Map<Integer, List<Object>> meaningByPayloadType = new HashMap<>();
        Map<Integer, String> uriById = new HashMap<>();
        Set<Long> sentSsrcs = new HashSet<>();
        for (OfferedSection section : offer.sections()) {
            if (section.port() == 0) {
                continue;
            }
            bundled.add(section.mid());
            for (RtpCodec codec : section.codecs()) {
                List<Object> meaning = meaning(section.kind(), codec);
                List<Object> before = meaningByPayloadType.putIfAbsent(codec.payloadType(), meaning);
                assertTrue(before == null || before.equals(meaning), "payload type " + codec.payloadType()
                        + " means " + before + " and " + meaning);
            }
            for (var extension : section.extensions()) {
                String before = uriById.putIfAbsent(extension.id(), extension.uri());
                assertTrue(before == null || before.equals(extension.uri()), "extension id " + extension.id());
                assertTrue(extension.id() >= 1 && extension.id() <= 14, "one-byte extension ids only");
            }
            if (section.direction() == MediaDirection.SENDONLY) {
                assertFalse(section.ssrcs().isEmpty(), "a sending section announces its SSRC");
                section.ssrcs().forEach(s -> assertTrue(sentSsrcs.add(s.ssrc()), "SSRC " + s.ssrc() + " sent twice"));
            }
        }
        assertEquals(bundled, offer.bundleMids(), "the BUNDLE group is every open section, in order");
        Set<Long> trackSsrcs = new HashSet<>();
        for (LiveTrack track : tracks) {
            trackSsrcs.add(track.track().ssrc());
        }
        assertTrue(sentSsrcs.containsAll(trackSsrcs) || !earlierMids.isEmpty(),
                "the first offer sends every live track: " + trackSsrcs + " in " + sentSsrcs);
    }

    /**
     * Answers as a browser would, refusing the sections whose bit is set in {@code refusals}. Returns
     * the refused mids, or null when the answer refused every section (a bad request, checked here).
     */
    private static Set<String> answerAndCheck(Subscription subscription, SdpOffer offer, int refusals) {
        StringBuilder sdp = new StringBuilder("v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        StringBuilder body = new StringBuilder();
        List<String> bundle = new ArrayList<>();
        Set<String> refused = new HashSet<>();
        int index = 0;
        for (OfferedSection section : offer.sections()) {
            boolean refuse = section.port() == 0 || (refusals >>> (index++ % 32) & 1) != 0;
            String formats = String.join(" ", section.formats());
            body.append("m=").append(section.kind()).append(refuse ? " 0 " : " 9 ").append(section.proto()).append(' ')
                    .append(formats).append("\r\nc=IN IP4 0.0.0.0\r\na=mid:").append(section.mid()).append("\r\n");
            if (refuse) {
                refused.add(section.mid());
                continue;
            }
            bundle.add(section.mid());
            body.append("a=ice-ufrag:").append(VIEWER_UFRAG).append("\r\na=ice-pwd:").append(VIEWER_PWD)
                    .append("\r\na=fingerprint:sha-256 ").append(VIEWER_FINGERPRINT).append("\r\na=setup:active\r\n");
            section.extensions().forEach(e -> body.append("a=extmap:").append(e.id()).append(' ').append(e.uri()).append("\r\n"));
            body.append(section.direction() == MediaDirection.SENDONLY ? "a=recvonly\r\n" : "a=inactive\r\n");
            body.append("a=rtcp-mux\r\n");
            for (RtpCodec codec : section.codecs()) {
                body.append("a=rtpmap:").append(codec.payloadType()).append(' ').append(codec.name()).append('/')
                        .append(codec.clockRate()).append(codec.channels() > 1 ? "/" + codec.channels() : "").append("\r\n");
                codec.feedback().forEach(f -> body.append("a=rtcp-fb:").append(codec.payloadType()).append(' ').append(f).append("\r\n"));
                if (codec.fmtp() != null) {
                    body.append("a=fmtp:").append(codec.payloadType()).append(' ').append(codec.fmtp()).append("\r\n");
                }
            }
        }
        if (!bundle.isEmpty()) {
            sdp.append("a=group:BUNDLE ").append(String.join(" ", bundle)).append("\r\n");
        }
        sdp.append(body);
        try {
            subscription.answer(sdp.toString());
        } catch (MediaException e) {
            assertEquals(MediaException.Reason.BAD_REQUEST, e.reason(), e.getMessage());
            assertTrue(bundle.isEmpty(), "a well-formed answer accepting " + bundle + " was refused: " + e.getMessage());
            return null;
        }
        assertFalse(bundle.isEmpty(), "an answer refusing everything was taken");
        return refused;
    }

    private static SdpOffer parseOurs(String sdp) {
        try {
            return SdpOffer.parse(sdp);
        } catch (SdpException e) {
            return fail("our own SDP does not parse (" + e.getMessage() + "):\n" + sdp);
        }
    }

    private static SdpDocument document(String sdp) {
        try {
            return SdpDocument.parse(sdp);
        } catch (SdpException e) {
            return fail("our own SDP does not parse (" + e.getMessage() + "):\n" + sdp);
        }
    }

    private static AcceptedMedia accepted(PublisherAnswer answer, String mid) {
        for (AcceptedMedia media : answer.media()) {
            if (media.mid().equals(mid)) {
                return media;
            }
        }
        assertTrue(answer.rejectedMids().contains(mid), "mid " + mid + " neither accepted nor rejected");
        return null;
    }

    private static List<String> mids(SdpOffer offer) {
        return offer.sections().stream().map(OfferedSection::mid).toList();
    }

    /** SDP leaves out a channel count of one, so "no count" and any count below two mean the same. */
    private static List<List<Object>> meanings(List<RtpCodec> codecs) {
        return codecs.stream().map(c -> meaning("", c)).toList();
    }

    private static List<Object> meaning(String kind, RtpCodec codec) {
        return List.of(kind, codec.payloadType(), codec.name(), codec.clockRate(), Math.max(1, codec.channels()),
                String.valueOf(codec.fmtp()), codec.feedback());
    }

    private static WebRtcTransport transport(TransportRole role, String user, TransportRegistry registry,
                                             SfuMetrics metrics) {
        return new WebRtcTransport(role, user, IceCredentials.random(RANDOM), CERTIFICATE, SETTINGS, Runnable::run,
                registry, metrics, new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport connected) {
                    }

                    @Override
                    public void closed(WebRtcTransport gone, String reason) {
                    }
                });
    }

    /** The viewer's signaling session: collects the offers pushed to it. */
    private static final class Viewer implements MediaSession {
        final List<String> pushed = new ArrayList<>();

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
        }

        @Override
        public void publishLayers(String roomId, String mid, List<String> activeRids) {
        }
    }
}

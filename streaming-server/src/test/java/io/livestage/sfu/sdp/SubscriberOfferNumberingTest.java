package io.livestage.sfu.sdp;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SdpFixtures.section;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Payload types and extension ids when publishers disagree inside one subscriber's BUNDLE group. */
class SubscriberOfferNumberingTest {

    private final SubscriberOfferBuilder builder = new SubscriberOfferBuilder(SESSION_ID);

    @Test
    void collidingPublishersAreRenumberedAndTheFirstOneWins() throws SdpException {
        PublisherAnswer chrome = PublisherAnswerBuilder.answer(
                SdpOffer.parse(SdpFixtures.load(SdpFixtures.CHROME)), LOCAL);
        PublisherAnswer safari = PublisherAnswerBuilder.answer(
                SdpOffer.parse(SdpFixtures.load(SdpFixtures.SAFARI)), LOCAL);
        OutgoingTrack hostVideo = SubscriberFixtures.fromPublisher("host", "h", "hv", chrome.media().get(1));
        OutgoingTrack guestAudio = SubscriberFixtures.fromPublisher("guest", "g", "ga", safari.media().get(0));
        OutgoingTrack guestVideo = SubscriberFixtures.fromPublisher("guest", "g", "gv", safari.media().get(1));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(hostVideo, guestAudio, guestVideo));

        SubscriberSection host = offer.section("0");
        assertEquals(host.track().codecs(), host.codecs(), "the first publisher keeps its numbers");
        // Safari's OPUS (upper case, no transport-cc feedback) is not Chrome's opus: 111 stays free
        // here only because the host sends no audio, so Safari keeps it.
        assertEquals(111, offer.section("1").payloadType(111));
        SubscriberSection guest = offer.section("2");
        assertEquals(98, guest.payloadType(96), "Safari's H264 96 collides with the host's VP8 96");
        assertEquals(99, guest.payloadType(98), "then with its own first H264, now on 98");
        assertEquals(100, guest.payloadType(97), "RTX after the codecs it repairs");
        assertEquals(101, guest.payloadType(99));
        assertEquals(List.of(
                "m=video 9 UDP/TLS/RTP/SAVPF 98 100 99 101",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=rtpmap:98 H264/90000",
                "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f",
                "a=rtpmap:100 rtx/90000",
                "a=fmtp:100 apt=98",
                "a=rtpmap:99 H264/90000",
                "a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=rtpmap:101 rtx/90000",
                "a=fmtp:101 apt=99"), section(offer.sdp(), "2").stream()
                        .filter(l -> l.startsWith("m=") || l.startsWith("a=extmap") || l.startsWith("a=rtpmap")
                                || l.startsWith("a=fmtp"))
                        .toList());
        assertEquals(3, guest.extensionId(4), "Safari's transport-cc 4 takes the host's 3");
        assertEquals(4, guest.extensionId(3), "Safari's mid 3 takes the host's 4");
        assertEquals(2, guest.extensionId(2));
        assertEquals(4, offer.section("1").extensionId(3), "Safari's audio mid follows too");
    }

    @Test
    void renumberingAvoidsNumbersTakenWithinTheSameGroup() {
        RtpCodec h264 = new RtpCodec(97, "H264", 90000, 1, "packetization-mode=1", List.of("nack"));
        RtpCodec h264Rtx = new RtpCodec(96, "rtx", 90000, 1, "apt=97;rtx-time=3000", List.of());
        OutgoingTrack swapped = new OutgoingTrack("video", "guest", "g", "gv", 3002, 3003, "gc",
                List.of(h264, h264Rtx), List.of(new HeaderExtension(15, HeaderExtension.MID)));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_VIDEO, swapped));
        SubscriberSection guest = offer.section("1");
        assertEquals(List.of(
                new RtpCodec(98, "H264", 90000, 1, "packetization-mode=1", List.of("nack")),
                new RtpCodec(99, "rtx", 90000, 1, "apt=98;rtx-time=3000", List.of())), guest.codecs());
        assertEquals(List.of(new HeaderExtension(4, HeaderExtension.MID)), guest.extensions(),
                "the host's id for the URI, also beyond the one-byte range");
    }

    @Test
    void aTrackWithAnUnknownUriOutsideTheOneByteRangeGetsTheLowestFreeId() {
        OutgoingTrack track = new OutgoingTrack("video", "guest", "g", "gv", 3002, -1, "gc",
                List.of(SubscriberFixtures.VP8), List.of(new HeaderExtension(15, "urn:example:x"),
                        new HeaderExtension(2, "urn:example:y")));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_VIDEO, track));
        assertEquals(List.of(new HeaderExtension(1, "urn:example:x"), new HeaderExtension(5, "urn:example:y")),
                offer.section("1").extensions());
    }
}

package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SdpFixtures.load;
import static io.livestage.sfu.sdp.SubscriberFixtures.GUEST_AUDIO;
import static io.livestage.sfu.sdp.SubscriberFixtures.GUEST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_AUDIO;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.SESSION_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberAnswerTest {

    /** Chrome's answer to {@link #offer()}: setup active, recvonly, its own credentials. */
    static final String CHROME_ANSWER = "chrome-subscribe-answer.sdp";

    /** Recorded from Chromium 156 answering our offers, as built in the tests that load them. */
    private static final String CHROMIUM_REOFFER = "chromium-answer-reoffer.sdp";
    private static final String CHROMIUM_MIXED = "chromium-answer-mixed-publishers.sdp";

    private static final String FIRST_VIDEO_LINE = "m=video 9 UDP/TLS/RTP/SAVPF 96 97";

    private static SubscriberOffer offer() {
        return new SubscriberOfferBuilder(SESSION_ID).offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
    }

    private static SubscriberAnswer parse(String answer) throws SdpException {
        return SubscriberAnswer.parse(answer, offer());
    }

    @Test
    void readsChromesAnswer() throws SdpException {
        SubscriberAnswer answer = parse(load(CHROME_ANSWER));
        assertEquals(new IceCredentials("vW3x", "Lm4Nq8Rt2Yz6Bc0Df5Gh7Jk9"), answer.remoteIce());
        assertEquals("sha-256", answer.remoteFingerprint().hashFunction());
        assertTrue(answer.remoteFingerprint().value().startsWith("3C:4E:19:A7"));
        assertEquals(DtlsSetup.ACTIVE, answer.remoteSetup());
        assertEquals(DtlsSetup.PASSIVE, answer.localSetup());
        assertTrue(answer.dtlsServer());

        AnsweredSection audio = answer.section("0");
        assertTrue(audio.receives());
        assertEquals(MediaDirection.RECVONLY, audio.direction());
        assertEquals(List.of(SubscriberFixtures.OPUS), audio.codecs());
        assertEquals(1, audio.extensionId(HeaderExtension.AUDIO_LEVEL));

        AnsweredSection video = answer.section("1");
        assertTrue(video.receives());
        assertEquals(List.of("transport-cc", "ccm fir", "nack", "nack pli"), video.codec(96).feedback());
        assertEquals(96, video.codec(97).associatedPayloadType());
        assertEquals(-1, video.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertNull(answer.section("7"));
    }

    @Test
    void keepsTheSubsetOfCodecsFeedbackAndExtensionsTheViewerChose() throws SdpException {
        String answer = load(CHROME_ANSWER)
                .replace(FIRST_VIDEO_LINE, "m=video 9 UDP/TLS/RTP/SAVPF 96")
                .replace("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n", "")
                .replace("a=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 ccm fir\r\n", "")
                .replace("a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n", "");
        AnsweredSection video = parse(answer).section("1");
        assertEquals(List.of(new RtpCodec(96, "VP8", 90000, 1, null, List.of("nack", "nack pli"))), video.codecs());
        assertNull(video.codec(97));
        assertEquals(List.of(new HeaderExtension(3, HeaderExtension.TRANSPORT_CC),
                new HeaderExtension(4, HeaderExtension.MID)), video.extensions());
        assertEquals(-1, parse(answer).section("0").extensionId(HeaderExtension.ABS_SEND_TIME));
    }

    @Test
    void aPassiveAnswerMakesUsTheDtlsClient() throws SdpException {
        SubscriberAnswer answer = parse(load(CHROME_ANSWER).replace("a=setup:active", "a=setup:passive"));
        assertEquals(DtlsSetup.ACTIVE, answer.localSetup());
        assertFalse(answer.dtlsServer());
    }

    @Test
    void aSectionTheViewerRejectsIsNotAccepted() throws SdpException {
        String answer = load(CHROME_ANSWER).replace(FIRST_VIDEO_LINE, "m=video 0 UDP/TLS/RTP/SAVPF 96 97")
                .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
        SubscriberAnswer parsed = parse(answer);
        assertFalse(parsed.section("1").accepted());
        assertFalse(parsed.section("1").receives());
        assertTrue(parsed.section("0").receives());
    }

    @Test
    void anInactiveAnswerAcceptsButReceivesNothing() throws SdpException {
        AnsweredSection video = parse(load(CHROME_ANSWER)
                .replace("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:96",
                        "a=inactive\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:96")).section("1");
        assertTrue(video.accepted());
        assertFalse(video.receives());
    }

    @Test
    void readsTheAnswerToAReofferWithClosedSections() throws SdpException {
        SubscriberOfferBuilder builder = new SubscriberOfferBuilder(SESSION_ID);
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        SubscriberOffer reoffer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        String answer = load(CHROME_ANSWER)
                + "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=inactive\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\n"
                + "m=video 0 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:3\r\na=inactive\r\na=rtcp-mux\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n";
        SubscriberAnswer parsed = SubscriberAnswer.parse(answer, reoffer);
        assertEquals(4, parsed.sections().size());
        assertTrue(parsed.section("1").receives());
        assertFalse(parsed.section("2").accepted());
        assertFalse(parsed.section("3").accepted());

        String enablesClosed = answer.replace("m=video 0 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:3",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\na=mid:3");
        SdpException e = assertThrows(SdpException.class, () -> SubscriberAnswer.parse(enablesClosed, reoffer));
        assertEquals("the answer enables mid 3, which our offer closed (port 0)", e.getMessage());
    }

    @Test
    void readsTheAnswerToThePlaceholderOffer() throws SdpException {
        SubscriberOffer offer = new SubscriberOfferBuilder(SESSION_ID).offer(LOCAL, List.of());
        String chrome = load(CHROME_ANSWER);
        String answer = chrome.substring(0, chrome.indexOf("m=video")).replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")
                .replace("a=recvonly", "a=inactive").replaceAll("a=extmap:[^\r]*\r\n", "");
        SubscriberAnswer parsed = SubscriberAnswer.parse(answer, offer);
        assertTrue(parsed.section("0").accepted());
        assertFalse(parsed.section("0").receives());
        assertTrue(parsed.dtlsServer());
    }

    @Test
    void readsChromiumsAnswerToAReoffer() throws SdpException {
        SubscriberOfferBuilder builder = new SubscriberOfferBuilder(SESSION_ID);
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        SubscriberOffer reoffer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        SubscriberAnswer answer = SubscriberAnswer.parse(load(CHROMIUM_REOFFER), reoffer);
        assertEquals(new IceCredentials("yVQV", "fHLb/qlYj4Bw1LtYf3oRt2H9"), answer.remoteIce());
        assertTrue(answer.dtlsServer());
        assertTrue(answer.section("0").receives());
        assertTrue(answer.section("1").receives());
        assertFalse(answer.section("2").accepted());
        assertFalse(answer.section("3").accepted());
        assertEquals(List.of(SubscriberFixtures.VP8, SubscriberFixtures.VP8_RTX), answer.section("1").codecs());
    }

    @Test
    void readsChromiumsAnswerToRenumberedPublishers() throws SdpException {
        PublisherAnswer chrome = PublisherAnswerBuilder.answer(SdpOffer.parse(load(SdpFixtures.CHROME)), LOCAL);
        PublisherAnswer safari = PublisherAnswerBuilder.answer(SdpOffer.parse(load(SdpFixtures.SAFARI)), LOCAL);
        SubscriberOffer offer = new SubscriberOfferBuilder(SESSION_ID).offer(LOCAL, List.of(
                SubscriberFixtures.fromPublisher("host", "h", "ha", chrome.media().get(0)),
                SubscriberFixtures.fromPublisher("host", "h", "hv", chrome.media().get(1)),
                SubscriberFixtures.fromPublisher("guest", "g", "ga", safari.media().get(0)),
                SubscriberFixtures.fromPublisher("guest", "g", "gv", safari.media().get(1))));
        SubscriberAnswer answer = SubscriberAnswer.parse(load(CHROMIUM_MIXED), offer);

        AnsweredSection guestAudio = answer.section("2");
        assertEquals(98, offer.section("2").payloadType(111), "Safari's OPUS is not Chrome's opus on 111");
        assertEquals("OPUS", guestAudio.codec(98).name());
        assertEquals(List.of(offer.section("3").payloadType(98), offer.section("3").payloadType(99)),
                answer.section("3").codecs().stream().map(RtpCodec::payloadType).toList(),
                "this Chromium kept Safari's constrained-baseline H264 and its RTX");
        assertEquals(8, answer.section("1").codecs().size(), "and dropped the host's High profile H264");
        assertTrue(answer.section("3").receives());
    }

    @Test
    void refusesAnswersWithoutTransport() {
        String chrome = load(CHROME_ANSWER);
        assertReason("the answer has no ICE credentials (a=ice-ufrag and a=ice-pwd)",
                chrome.replaceAll("a=ice-ufrag:[^\r]*\r\n", ""));
        assertReason("the answer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)",
                chrome.replaceAll("a=fingerprint:[^\r]*\r\n", ""));
        assertReason("the answer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)",
                chrome.replace("a=fingerprint:sha-256", "a=fingerprint:sha-1"));
        assertReason("a=setup:actpass is not allowed in an answer (RFC 5763): it must pick active or passive",
                chrome.replace("a=setup:active", "a=setup:actpass"));
        assertReason("the answer holds the DTLS connection (a=setup:holdconn)",
                chrome.replace("a=setup:active", "a=setup:holdconn"));
        assertReason("the answer rejects every m-section, which leaves no transport",
                chrome.replace("m=audio 9", "m=audio 0").replace(FIRST_VIDEO_LINE, "m=video 0 UDP/TLS/RTP/SAVPF 96 97"));
        assertReason("the answer leaves mid 1 out of its BUNDLE group; we serve one transport",
                chrome.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"));
    }

    @Test
    void refusesAnswersThatDoNotMatchTheOffer() {
        String chrome = load(CHROME_ANSWER);
        assertReason("the answer's m-section 2 has a=mid:2, our offer has mid 1", chrome.replace("a=mid:1", "a=mid:2"));
        assertReason("the answer's m-section 1 has no a=mid, our offer has mid 0", chrome.replace("a=mid:0\r\n", ""));
        assertReason("the answer has 1 m-sections, our offer 2", chrome.substring(0, chrome.indexOf("m=video")));
        assertReason("mid 1 is audio in the answer, video in our offer",
                chrome.replace(FIRST_VIDEO_LINE, "m=audio 9 UDP/TLS/RTP/SAVPF 96 97"));
        assertReason("mid 1: the answer has payload type 98, which our offer did not offer",
                chrome.replace(FIRST_VIDEO_LINE, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98")
                        + "a=rtpmap:98 VP9/90000\r\n");
        assertReason("mid 1: the answer maps extension id 5 to urn:ietf:params:rtp-hdrext:sdes:mid, which our offer did not",
                chrome.replace("a=mid:1\r\na=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
                        + "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                        + "a=extmap:4", "a=mid:1\r\na=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n"
                        + "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                        + "a=extmap:5"));
        assertReason("mid 0: the answer has no a=rtcp-mux; we multiplex RTCP with RTP",
                chrome.replaceFirst("a=rtcp-mux\r\n", ""));
    }

    @Test
    void refusesAViewerThatWantsToSendMedia() {
        String chrome = load(CHROME_ANSWER);
        assertReason("mid 0: the answer says a=sendrecv, but we only send to viewers; receiving media from them is not supported",
                chrome.replaceFirst("a=recvonly", "a=sendrecv"));
        assertReason("mid 1: the answer says a=sendonly, but we only send to viewers; receiving media from them is not supported",
                chrome.replaceAll("a=recvonly\r\n(a=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:96)",
                        "a=sendonly\r\n$1"));
        assertReason("mid 0: the answer says a=sendrecv, but we only send to viewers; receiving media from them is not supported",
                chrome.replace("a=recvonly\r\n", ""));
    }

    @Test
    void refusesWhatIsNotSdp() {
        assertReason("empty SDP", "");
        assertReason("SDP must start with v=0", "o=- 1 2 IN IP4 127.0.0.1\r\n");
        assertReason("invalid ICE credentials: ice-pwd must be 22..256 characters, got 5",
                load(CHROME_ANSWER).replace("Lm4Nq8Rt2Yz6Bc0Df5Gh7Jk9", "short"));
    }

    private static void assertReason(String reason, String answer) {
        SdpException e = assertThrows(SdpException.class, () -> parse(answer));
        assertEquals(reason, e.getMessage());
    }
}

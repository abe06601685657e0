package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.dtls.DtlsFingerprint;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SdpFixtures.lines;
import static io.livestage.sfu.sdp.SdpFixtures.load;
import static io.livestage.sfu.sdp.SdpFixtures.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublisherAnswerBuilderTest {

    private static PublisherAnswer answer(String sdp) throws SdpException {
        return PublisherAnswerBuilder.answer(SdpOffer.parse(sdp), LOCAL);
    }

    private static final List<String> TRANSPORT_LINES = List.of(
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:lsUfrag1",
            "a=ice-pwd:lsPassword0123456789abcd",
            "a=fingerprint:sha-256 " + SdpFixtures.OUR_FINGERPRINT,
            "a=setup:passive",
            "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
            "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
            "a=end-of-candidates",
            "a=recvonly",
            "a=rtcp-mux");

    @Test
    void answersChromesAudioSectionExactly() throws SdpException {
        String sdp = answer(load(SdpFixtures.CHROME)).sdp();
        List<String> audio = section(sdp, "0");
        List<String> expected = List.of(
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=mid:0",
                "a=ice-ufrag:lsUfrag1",
                "a=ice-pwd:lsPassword0123456789abcd",
                "a=fingerprint:sha-256 " + SdpFixtures.OUR_FINGERPRINT,
                "a=setup:passive",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
                "a=end-of-candidates",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=recvonly",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1");
        assertEquals(expected, audio);
    }

    @Test
    void answersChromesSessionAndVideo() throws SdpException {
        String sdp = answer(load(SdpFixtures.CHROME)).sdp();
        assertTrue(sdp.endsWith("\r\n"));
        List<String> lines = lines(sdp);
        assertEquals("v=0", lines.get(0));
        assertTrue(lines.get(1).matches("o=livestage \\d+ 2 IN IP4 127\\.0\\.0\\.1"), lines.get(1));
        assertEquals(List.of("s=-", "t=0 0", "a=ice-lite", "a=group:BUNDLE 0 1"), lines.subList(2, 6));

        List<String> video = section(sdp, "1");
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106 107 127 125 112 113", video.get(0));
        assertTrue(video.containsAll(TRANSPORT_LINES));
        assertTrue(video.containsAll(List.of(
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 transport-cc", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
                "a=rtpmap:102 H264/90000",
                "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
                "a=fmtp:103 apt=102",
                "a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f",
                "a=fmtp:113 apt=112")));
        for (String line : video) {
            assertFalse(line.contains("goog-remb") || line.contains("VP9") || line.contains("AV1")
                    || line.contains("packetization-mode=0") || line.contains("red/") || line.contains("ulpfec")
                    || line.contains("toffset") || line.contains("video-orientation") || line.contains("ssrc"), line);
        }
        assertEquals(4, video.stream().filter(l -> l.startsWith("a=rtpmap:") && l.contains("H264")).count());
    }

    @Test
    void exposesWhatTheMediaPlaneNeeds() throws SdpException {
        PublisherAnswer answer = answer(load(SdpFixtures.CHROME));
        assertEquals(new IceCredentials("Xk3u", "Qw1sTd2yK7pPz0bA3c9eFgHi"), answer.remoteIce());
        assertEquals(DtlsFingerprint.SHA_256, answer.remoteFingerprint().hashFunction());
        assertTrue(answer.remoteFingerprint().value().startsWith("6B:8B:5D"));
        assertEquals(DtlsSetup.ACTPASS, answer.remoteSetup());
        assertEquals(DtlsSetup.PASSIVE, answer.localSetup());
        assertTrue(answer.dtlsServer());
        assertEquals(List.of(), answer.rejectedMids());

        AcceptedMedia audio = answer.media().get(0);
        assertEquals("audio", audio.kind());
        assertEquals(1, audio.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertEquals(3735928559L, audio.ssrcs().get(0).ssrc());
        assertEquals(48000, audio.codec(111).clockRate());

        AcceptedMedia video = answer.media().get(1);
        assertEquals("1", video.mid());
        assertEquals(MediaDirection.RECVONLY, video.direction());
        assertEquals(List.of(96, 97, 102, 103, 106, 107, 127, 125, 112, 113), payloadTypes(video));
        assertEquals(96, video.codec(97).associatedPayloadType());
        assertEquals(-1, video.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertEquals(3, video.extensionId(HeaderExtension.TRANSPORT_CC));
        assertEquals(2, video.extensionId(HeaderExtension.ABS_SEND_TIME));
        assertEquals(4, video.extensionId(HeaderExtension.MID));
        assertEquals(2222222222L, video.rtxSsrc(1111111111L));
        assertEquals(-1, video.rtxSsrc(2222222222L));
        assertEquals(List.of("transport-cc", "ccm fir", "nack", "nack pli"), video.codec(96).feedback());
    }

    private static List<Integer> payloadTypes(AcceptedMedia media) {
        List<Integer> pts = new ArrayList<>();
        for (RtpCodec codec : media.codecs()) {
            pts.add(codec.payloadType());
        }
        return pts;
    }

    @Test
    void rejectsTheDataChannelButAnswersTheMedia() throws SdpException {
        PublisherAnswer answer = answer(load(SdpFixtures.CHROME_SENDONLY_DATACHANNEL));
        assertEquals(List.of("2"), answer.rejectedMids());
        assertEquals(new IceCredentials("h7Lr", "Z3kFq0pWm8cVb1nXt5yRs2uA"), answer.remoteIce());
        List<String> lines = lines(answer.sdp());
        assertTrue(lines.contains("a=group:BUNDLE 0 1"));
        assertEquals(List.of("m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:2"),
                section(answer.sdp(), "2"));
        assertTrue(section(answer.sdp(), "0").contains("a=recvonly"));
    }

    @Test
    void answersSafarisH264OnlyOffer() throws SdpException {
        PublisherAnswer answer = answer(load(SdpFixtures.SAFARI));
        assertEquals(DtlsSetup.ACTIVE, answer.remoteSetup());
        assertEquals(DtlsSetup.PASSIVE, answer.localSetup());
        assertEquals("A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90",
                answer.remoteFingerprint().value());
        List<String> video = section(answer.sdp(), "1");
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99", video.get(0));
        assertTrue(video.containsAll(List.of(
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f",
                "a=fmtp:99 apt=98")));
        List<String> audio = section(answer.sdp(), "0");
        assertEquals("m=audio 9 UDP/TLS/RTP/SAVPF 111", audio.get(0));
        assertTrue(audio.contains("a=rtpmap:111 OPUS/48000/2"));
        assertFalse(audio.contains("a=rtcp-rsize"), "not offered for audio");
        assertEquals(50000002L, answer.media().get(1).rtxSsrc(50000001L));
    }

    @Test
    void aSectionWithoutASupportedCodecIsRejectedAndTheRestAnswered() throws SdpException {
        String offer = load(SdpFixtures.SAFARI).replace("packetization-mode=1", "packetization-mode=0");
        PublisherAnswer answer = answer(offer);
        assertEquals(List.of("1"), answer.rejectedMids());
        assertEquals(List.of("m=video 0 UDP/TLS/RTP/SAVPF 96 97 98 99", "c=IN IP4 0.0.0.0", "a=mid:1", "a=inactive"),
                section(answer.sdp(), "1"));
        assertTrue(lines(answer.sdp()).contains("a=group:BUNDLE 0"));
        assertEquals(1, answer.media().size());
    }

    @Test
    void sectionsTheOfferDisablesOrCannotMuxAreRejected() throws SdpException {
        String chrome = load(SdpFixtures.CHROME);
        assertEquals(List.of("1"), answer(chrome.replaceFirst("m=video 9", "m=video 0")).rejectedMids());
        String noMux = chrome.substring(0, chrome.indexOf("m=video"))
                + chrome.substring(chrome.indexOf("m=video")).replace("a=rtcp-mux\r\n", "");
        assertEquals(List.of("1"), answer(noMux).rejectedMids());
        assertEquals(List.of("1"), answer(chrome.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")).rejectedMids());
    }

    @Test
    void aSectionThatDoesNotSendIsAnsweredInactive() throws SdpException {
        String offer = load(SdpFixtures.CHROME).replace("a=sendrecv", "a=recvonly");
        PublisherAnswer answer = answer(offer);
        assertEquals(MediaDirection.INACTIVE, answer.media().get(0).direction());
        assertTrue(section(answer.sdp(), "1").contains("a=inactive"));
        assertTrue(section(answer.sdp(), "1").get(0).startsWith("m=video 9 "));
    }

    @Test
    void takesTheActiveRoleWhenTheOfferIsPassive() throws SdpException {
        PublisherAnswer answer = answer(load(SdpFixtures.CHROME).replace("a=setup:actpass", "a=setup:passive"));
        assertEquals(DtlsSetup.ACTIVE, answer.localSetup());
        assertFalse(answer.dtlsServer());
        assertTrue(section(answer.sdp(), "0").contains("a=setup:active"));
    }

    @Test
    void anIceRestartAnswerKeepsTheRoleOfTheRunningAssociation() throws SdpException {
        String chrome = load(SdpFixtures.CHROME);
        PublisherAnswer first = answer(chrome.replace("a=setup:actpass", "a=setup:passive"));
        // The restart offer says actpass again, as JSEP offers do; the association's roles stay.
        String restartOffer = chrome.replaceAll("a=ice-ufrag:[^\r]*", "a=ice-ufrag:rst1")
                .replaceAll("a=ice-pwd:[^\r]*", "a=ice-pwd:restartPassword0123456789");
        PublisherAnswer restart = PublisherAnswerBuilder.answer(SdpOffer.parse(restartOffer), LOCAL, first.localSetup());
        assertEquals(DtlsSetup.ACTIVE, restart.localSetup());
        assertTrue(section(restart.sdp(), "0").contains("a=setup:active"));
        assertEquals(new IceCredentials("rst1", "restartPassword0123456789"), restart.remoteIce());
        assertEquals(first.remoteFingerprint(), restart.remoteFingerprint());
        assertEquals(first.media(), restart.media(), "the same media sections");
        assertEquals(DtlsSetup.PASSIVE, PublisherAnswerBuilder.answer(SdpOffer.parse(restartOffer), LOCAL,
                DtlsSetup.PASSIVE).localSetup());

        SdpException flip = assertThrows(SdpException.class, () -> PublisherAnswerBuilder.answer(
                SdpOffer.parse(restartOffer.replace("a=setup:actpass", "a=setup:active")), LOCAL, DtlsSetup.ACTIVE));
        assertEquals("the offer's a=setup:active would change the DTLS roles of the running association",
                flip.getMessage());
    }

    @Test
    void aSingleUnbundledSectionIsServedWithoutAGroup() throws SdpException {
        String chrome = load(SdpFixtures.CHROME);
        String audioOnly = chrome.substring(0, chrome.indexOf("m=video")).replace("a=group:BUNDLE 0 1\r\n", "");
        PublisherAnswer answer = answer(audioOnly);
        assertEquals(1, answer.media().size());
        assertTrue(lines(answer.sdp()).stream().noneMatch(l -> l.startsWith("a=group")));
    }

    @Test
    void refusesOffersWeCannotServe() {
        String chrome = load(SdpFixtures.CHROME);
        assertReason("no m-section we can receive (mid 0: no supported codec (opus); "
                        + "mid 1: no supported codec (VP8, H264 packetization-mode=1))",
                chrome.replace("opus/48000", "ISAC/48000").replace("VP8/", "VP7/").replace("packetization-mode=1", "x=1"));
        assertReason("the offer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)",
                chrome.replaceAll("a=fingerprint:sha-256 [^\r]*\r\n", ""));
        assertReason("the offer has no DTLS sha-256 fingerprint (a=fingerprint:sha-256)",
                chrome.replace("a=fingerprint:sha-256", "a=fingerprint:sha-1"));
        assertReason("the offer has no ICE credentials (a=ice-ufrag and a=ice-pwd)",
                chrome.replaceAll("a=ice-pwd:[^\r]*\r\n", ""));
        assertReason("the offer must bundle its m-sections (a=group:BUNDLE); we serve one transport",
                chrome.replace("a=group:BUNDLE 0 1\r\n", ""));
        assertReason("the offer holds the DTLS connection (a=setup:holdconn)",
                chrome.replace("a=setup:actpass", "a=setup:holdconn"));
        assertReason("no m-section we can receive (mid 0: disabled by the offer (port 0); mid 1: disabled by the offer (port 0))",
                chrome.replace("m=audio 9", "m=audio 0").replace("m=video 9", "m=video 0"));
    }

    @Test
    void payloadTypesAndExtensionIdsThatCannotGoOnTheWireAreRefusedWhenParsed() {
        String chrome = load(SdpFixtures.CHROME);
        // Once accepted, such numbers indexed the rewriting tables of every viewer's consumer.
        assertReason("payload type 200 is outside 0-127",
                chrome.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 ", "m=audio 9 UDP/TLS/RTP/SAVPF 200 111 "));
        assertReason("payload type -1 is outside 0-127",
                chrome.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 ", "m=audio 9 UDP/TLS/RTP/SAVPF -1 111 "));
        assertReason("header extension id 300 is outside 1-255",
                chrome.replace("a=extmap:3 http://www.ietf.org", "a=extmap:300 http://www.ietf.org"));
        assertReason("header extension id 0 is outside 1-255",
                chrome.replace("a=extmap:14 urn", "a=extmap:0 urn"));
    }

    @Test
    void aPublisherGetsAtMostEightTracksAndASectionAtMostEightSsrcs() throws SdpException {
        String chrome = load(SdpFixtures.CHROME);
        String audio = chrome.substring(chrome.indexOf("m=audio"), chrome.indexOf("m=video"));
        StringBuilder offer = new StringBuilder(chrome.substring(0, chrome.indexOf("m=audio")));
        StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
        for (int mid = 0; mid < 10; mid++) {
            offer.append(audio.replace("a=mid:0", "a=mid:" + mid).replace("3735928559", String.valueOf(1000 + mid)));
            bundle.append(' ').append(mid);
        }
        PublisherAnswer answer = answer(offer.toString().replace("a=group:BUNDLE 0 1", bundle.toString()));
        assertEquals(PublisherAnswerBuilder.MAX_TRACKS, answer.media().size());
        assertEquals(List.of("8", "9"), answer.rejectedMids());

        StringBuilder ssrcs = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            ssrcs.append("a=ssrc:").append(2000 + i).append(" cname:x\r\n");
        }
        PublisherAnswer crowded = answer(chrome.replace("a=ssrc:3735928559 cname", ssrcs + "a=ssrc:3735928559 cname"));
        assertEquals(List.of("0"), crowded.rejectedMids(), "10 SSRCs in the audio section");
    }

    private static void assertReason(String reason, String offer) {
        SdpException e = assertThrows(SdpException.class, () -> answer(offer));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void hostCandidatePrioritiesFollowRfc8445() {
        assertEquals(2130706431L, SdpWriter.hostPriority(0));
        assertEquals(2130706175L, SdpWriter.hostPriority(1));
    }
}

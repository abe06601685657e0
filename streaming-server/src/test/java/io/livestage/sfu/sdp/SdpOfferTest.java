package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.dtls.DtlsFingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpOfferTest {

    @Test
    void parsesChromesOffer() throws SdpException {
        SdpOffer offer = SdpOffer.parse(SdpFixtures.load(SdpFixtures.CHROME));
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertFalse(offer.iceLite());
        assertEquals(2, offer.sections().size());

        OfferedSection audio = offer.section("0");
        assertEquals("audio", audio.kind());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.proto());
        assertEquals(MediaDirection.SENDRECV, audio.direction());
        assertEquals(new IceCredentials("Xk3u", "Qw1sTd2yK7pPz0bA3c9eFgHi"), audio.ice());
        assertEquals("6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:A6:BC",
                audio.fingerprint(DtlsFingerprint.SHA_256).value());
        assertEquals(DtlsSetup.ACTPASS, audio.setup());
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpReducedSize());
        assertEquals(8, audio.codecs().size());
        RtpCodec opus = audio.codec(111);
        assertEquals("opus", opus.name());
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals("minptime=10;useinbandfec=1", opus.fmtp());
        assertEquals("1", opus.parameter("useinbandfec"));
        assertEquals(List.of("transport-cc"), opus.feedback());
        assertEquals(1, audio.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertEquals(4, audio.extensionId(HeaderExtension.MID));
        assertEquals(List.of(new SsrcDescription(3735928559L, "Zq8rT3vW9xY1aB2c",
                "f3a9c2d1-7b4e-4c8a-9e21-5d6f0a1b2c3d 0c6e1f2a-93b4-4d7e-8a5c-1e2f3a4b5c6d")), audio.ssrcs());
        assertEquals("f3a9c2d1-7b4e-4c8a-9e21-5d6f0a1b2c3d 0c6e1f2a-93b4-4d7e-8a5c-1e2f3a4b5c6d", audio.msid());

        OfferedSection video = offer.section("1");
        assertEquals(25, video.codecs().size());
        assertEquals(96, video.codecs().get(0).payloadType());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), video.codec(96).feedback());
        assertEquals(96, video.codec(97).associatedPayloadType());
        assertEquals("0", video.codec(104).parameter("packetization-mode"));
        assertEquals(11, video.extensions().size());
        assertEquals(3, video.extensionId(HeaderExtension.TRANSPORT_CC));
        assertEquals(List.of(new SsrcGroup("FID", List.of(1111111111L, 2222222222L))), video.ssrcGroups());
        assertEquals(2, video.ssrcs().size());
        assertTrue(video.candidates().isEmpty());
    }

    @Test
    void parsesCandidatesAndNonRtpSections() throws SdpException {
        SdpOffer offer = SdpOffer.parse(SdpFixtures.load(SdpFixtures.CHROME_SENDONLY_DATACHANNEL));
        assertEquals(List.of("0", "1", "2"), offer.bundleMids());
        OfferedSection audio = offer.section("0");
        assertEquals(MediaDirection.SENDONLY, audio.direction());
        assertEquals(3, audio.candidates().size());
        IceCandidate host = audio.candidates().get(0);
        assertEquals(new IceCandidate("2581930482", 1, "udp", 2122260223L, "192.168.1.23", 54400, "host"), host);
        assertEquals("srflx", audio.candidates().get(1).type());
        OfferedSection data = offer.section("2");
        assertEquals("application", data.kind());
        assertFalse(data.isRtp());
        assertTrue(data.codecs().isEmpty());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
    }

    @Test
    void fallsBackToSessionLevelTransportAttributes() throws SdpException {
        SdpOffer offer = SdpOffer.parse(SdpFixtures.load(SdpFixtures.SAFARI));
        OfferedSection video = offer.section("1");
        assertEquals(new IceCredentials("sFr4", "pR2mN8qL4kJ6hG0fD9sA7zXc"), video.ice());
        assertEquals(2, video.fingerprints().size());
        assertEquals("A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90:A1:B2:C3:D4:E5:F6:07:18:29:3A:4B:5C:6D:7E:8F:90",
                video.fingerprint("sha-256").value());
        assertEquals(DtlsSetup.ACTIVE, video.setup());
        assertEquals(MediaDirection.SENDONLY, video.direction());
        assertEquals("OPUS", offer.section("0").codec(111).name());
        assertEquals("PCMU", offer.section("0").codec(0).name());
        SdpOffer withoutRtpmap = SdpOffer.parse(SdpFixtures.load(SdpFixtures.SAFARI).replace("a=rtpmap:0 PCMU/8000\r\n", ""));
        assertEquals("", withoutRtpmap.section("0").codec(0).name(), "static payload type without rtpmap");
    }

    @Test
    void acceptsBareNewlines() throws SdpException {
        String lf = SdpFixtures.load(SdpFixtures.CHROME).replace("\r\n", "\n");
        assertEquals(2, SdpOffer.parse(lf).sections().size());
    }

    @Test
    void refusesWhatCannotBeAnOffer() {
        String chrome = SdpFixtures.load(SdpFixtures.CHROME);
        assertReason("empty SDP", null);
        assertReason("empty SDP", "  ");
        assertReason("malformed SDP line 1", "hello");
        assertReason("SDP must start with v=0", "o=- 1 2 IN IP4 127.0.0.1\r\nv=0\r\n");
        assertReason("the offer has no m-section", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        assertReason("m-section 1 (audio) has no a=mid", chrome.replace("a=mid:0\r\n", ""));
        assertReason("duplicate a=mid:0", chrome.replace("a=mid:1", "a=mid:0"));
        assertReason("malformed SDP line 5", chrome.replace("a=group:BUNDLE 0 1", "group"));
        assertReason("malformed m= line: video 9", chrome.replaceFirst("m=video [^\r]*", "m=video 9"));
        assertReason("malformed a=rtpmap payload type: x", chrome.replace("a=rtpmap:111 opus", "a=rtpmap:x opus"));
        assertReason("malformed payload type: abc", chrome.replace("SAVPF 111 63", "SAVPF abc 63"));
        assertReason("unknown a=setup:sideways", chrome.replace("a=setup:actpass", "a=setup:sideways"));
        assertReason("malformed a=fingerprint:sha-256", chrome.replaceAll("a=fingerprint:sha-256 [^\r]*", "a=fingerprint:sha-256"));
    }

    /** Found by SdpRoundTripFuzzTest: such an SSRC was taken here and then failed every viewer's offer. */
    @Test
    void refusesSsrcsOutside32Bits() {
        String chrome = SdpFixtures.load(SdpFixtures.CHROME);
        assertReason("a=ssrc 11101111111 is not a 32-bit SSRC", chrome.replace("a=ssrc:1111111111 cname",
                "a=ssrc:11101111111 cname"));
        assertReason("a=ssrc -5 is not a 32-bit SSRC", chrome.replace("a=ssrc:3735928559 cname", "a=ssrc:-5 cname"));
        assertReason("a=ssrc-group 4294967296 is not a 32-bit SSRC", chrome.replace("FID 1111111111 2222222222",
                "FID 1111111111 4294967296"));
    }

    /**
     * Found by SdpOfferFuzzTest#parse in the fourth round, after 7.2 million inputs: "a=rtpmap:111 /"
     * threw ArrayIndexOutOfBoundsException out of the parser ("/".split("/") is empty). Kept as
     * SdpOfferFuzzTestInputs/parse/rtpmap-of-only-a-slash.
     */
    @Test
    void refusesAnRtpmapWithoutAnEncodingName() {
        String chrome = SdpFixtures.load(SdpFixtures.CHROME);
        assertReason("a=rtpmap:111 has no encoding name", chrome.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 /"));
        assertReason("a=rtpmap:111 has no encoding name", chrome.replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:111 \u0013//"));
    }

    /** Found by SdpRoundTripFuzzTest: the repeated codec then failed every viewer's offer. */
    @Test
    void refusesAPayloadTypeListedTwice() {
        String chrome = SdpFixtures.load(SdpFixtures.CHROME);
        assertReason("payload type 97 is listed twice in the m= line", chrome.replace("SAVPF 96 97 98", "SAVPF 96 97 97 98"));
    }

    private static void assertReason(String reason, String sdp) {
        SdpException e = assertThrows(SdpException.class, () -> SdpOffer.parse(sdp));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void flagsHaveNoValue() throws SdpException {
        SdpDocument document = SdpDocument.parse(SdpFixtures.load(SdpFixtures.CHROME));
        assertTrue(document.sessionHas("extmap-allow-mixed"));
        assertNull(document.sessionValue("extmap-allow-mixed"));
        assertEquals("BUNDLE 0 1", document.sessionValue("group"));
    }
}

package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Payload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Answers we cannot use fail with reasons; RTCP keyframe requests reach the video source. */
class ServerAnswerTest {

    private static final String ANSWER = String.join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite", "a=group:BUNDLE 0",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:0",
            "a=ice-ufrag:abcd1234", "a=ice-pwd:abcdefghijklmnopqrstuvwx",
            "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
            "a=setup:passive", "a=candidate:1 1 udp 2130706431 ::1 10000 typ host",
            "a=candidate:2 1 udp 2130706175 host.local 10000 typ host",
            "a=candidate:3 1 udp 2130705919 192.0.2.7 10001 typ host", "a=extmap:3/recvonly urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=recvonly", "a=rtcp-mux", "a=rtpmap:96 VP8/90000", "");

    @Test
    void readsCandidatesSkippingHostnamesAndExtensionDirections() {
        ServerAnswer answer = ServerAnswer.parse(ANSWER);
        assertEquals(2, answer.hostCandidates().size());
        assertEquals(10001, answer.firstIpv4HostCandidate().getPort());
        assertEquals(new RtpExtensionIds(-1, -1, -1, 3), answer.videoExtensions());
        assertEquals(RtpExtensionIds.NOTHING, answer.audioExtensions());
    }

    @Test
    void unusableAnswersAreBadAnswers() {
        for (String broken : List.of("hello", ANSWER.replaceAll("a=fingerprint:[^\r\n]*\r\n", ""),
                ANSWER.replace("m=video 9", "m=video 0"), ANSWER.replace("a=ice-pwd:abcdefghijklmnopqrstuvwx", "a=ice-pwd:short"))) {
            WebRtcException e = assertThrows(WebRtcException.class, () -> ServerAnswer.parse(broken));
            assertEquals(WebRtcFailure.BAD_ANSWER, e.failure());
        }
        ServerAnswer ipv6Only = ServerAnswer.parse(ANSWER.replace("192.0.2.7", "::2"));
        assertEquals(WebRtcFailure.BAD_ANSWER,
                assertThrows(WebRtcException.class, ipv6Only::firstIpv4HostCandidate).failure());
    }

    @Test
    void aPliFromTheServerMakesTheNextFrameAKeyframe() {
        Vp8Packetizer video = new Vp8Packetizer(9, OfferBuilder.VP8_PT, VideoSettings.hd720(),
                new RtpHeaderWriter(RtpExtensionIds.NOTHING, "1", new TransportWideSequence()), new SplittableRandom(4));
        List<byte[]> packets = new ArrayList<>();
        RtpSink sink = (buf, off, len) -> packets.add(Arrays.copyOfRange(buf, off, off + len));
        video.emitUnit(0, sink);
        PublisherFeedback feedback = new PublisherFeedback();
        feedback.attach(video);
        byte[] pli = new byte[RtcpFeedbackWriter.PLI_LENGTH];
        RtcpFeedbackWriter.writePli(pli, 0, 1, 9);
        feedback.onRtcp(null, pli, 0, pli.length);
        packets.clear();
        video.emitUnit(33_000_000, sink);

        RtpPacket first = new RtpPacket();
        assertTrue(first.wrap(packets.get(0), 0, packets.get(0).length));
        assertTrue(Vp8Payload.isKeyframe(first.buffer(), first.payloadOffset(), first.payloadLength()));
        assertEquals(1, feedback.keyframeRequests());
    }
}

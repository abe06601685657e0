package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;

import static io.livestage.sfu.sdp.SdpFixtures.LOCAL;
import static io.livestage.sfu.sdp.SdpFixtures.OUR_FINGERPRINT;
import static io.livestage.sfu.sdp.SdpFixtures.lines;
import static io.livestage.sfu.sdp.SdpFixtures.section;
import static io.livestage.sfu.sdp.SubscriberFixtures.GUEST_AUDIO;
import static io.livestage.sfu.sdp.SubscriberFixtures.GUEST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_AUDIO;
import static io.livestage.sfu.sdp.SubscriberFixtures.HOST_VIDEO;
import static io.livestage.sfu.sdp.SubscriberFixtures.SESSION_ID;
import static io.livestage.sfu.sdp.SubscriberFixtures.bundledSection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberOfferBuilderTest {

    private final SubscriberOfferBuilder builder = new SubscriberOfferBuilder(SESSION_ID);

    private static String sdp(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void offersOnePublishersAudioAndVideoExactly() {
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        String expected = sdp(
                "v=0",
                "o=livestage 4242424242424242 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=ice-lite",
                "a=group:BUNDLE 0 1",
                "a=msid-semantic: WMS *",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=mid:0",
                "a=ice-ufrag:lsUfrag1",
                "a=ice-pwd:lsPassword0123456789abcd",
                "a=fingerprint:sha-256 " + OUR_FINGERPRINT,
                "a=setup:actpass",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
                "a=end-of-candidates",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:hostStream hostMic",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ssrc:1001 cname:hostCname",
                "a=ssrc:1001 msid:hostStream hostMic",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
                "c=IN IP4 0.0.0.0",
                "a=mid:1",
                "a=ice-ufrag:lsUfrag1",
                "a=ice-pwd:lsPassword0123456789abcd",
                "a=fingerprint:sha-256 " + OUR_FINGERPRINT,
                "a=setup:actpass",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
                "a=end-of-candidates",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:hostStream hostCam",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 transport-cc",
                "a=rtcp-fb:96 ccm fir",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96",
                "a=ssrc-group:FID 1002 1003",
                "a=ssrc:1002 cname:hostCname",
                "a=ssrc:1002 msid:hostStream hostCam",
                "a=ssrc:1003 cname:hostCname",
                "a=ssrc:1003 msid:hostStream hostCam");
        assertEquals(expected, offer.sdp());
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertEquals(1, offer.sessionVersion());
        assertEquals(HOST_VIDEO, offer.section("1").track());
        assertEquals(offer.section("1"), offer.sending(HOST_VIDEO));
        assertEquals(96, offer.section("1").payloadType(96));
        assertEquals(4, offer.section("1").extensionId(4));
    }

    @Test
    void aRoomWithoutPublishersGetsAnInactiveAudioPlaceholder() {
        SubscriberOffer offer = builder.offer(LOCAL, List.of());
        String expected = sdp(
                "v=0",
                "o=livestage 4242424242424242 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=ice-lite",
                "a=group:BUNDLE 0",
                "a=msid-semantic: WMS *",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=mid:0",
                "a=ice-ufrag:lsUfrag1",
                "a=ice-pwd:lsPassword0123456789abcd",
                "a=fingerprint:sha-256 " + OUR_FINGERPRINT,
                "a=setup:actpass",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
                "a=candidate:2 1 udp 2130706175 ::1 10000 typ host",
                "a=end-of-candidates",
                "a=inactive",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1");
        assertEquals(expected, offer.sdp());
        SubscriberSection placeholder = offer.section("0");
        assertEquals(SectionState.INACTIVE, placeholder.state());
        assertNull(placeholder.track());
        assertEquals(-1, placeholder.payloadType(111));
    }

    @Test
    void theFirstPublisherIsAppendedAfterThePlaceholder() {
        builder.offer(LOCAL, List.of());
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        assertEquals(2, offer.sessionVersion());
        assertEquals(List.of("0", "1", "2"), offer.bundleMids());
        assertEquals(SectionState.INACTIVE, offer.section("0").state());
        assertEquals(HOST_AUDIO, offer.section("1").track());
        assertEquals(111, offer.section("1").payloadType(111), "the placeholder's opus is Chrome's, no renumbering");
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97", section(offer.sdp(), "2").get(0));
    }

    @Test
    void offersTwoPublishersInFourBundledSections() {
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        assertTrue(lines(offer.sdp()).contains("a=group:BUNDLE 0 1 2 3"));
        assertEquals(bundledSection("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "3", List.of(
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:guestStream guestCam",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 transport-cc",
                "a=rtcp-fb:96 ccm fir",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96",
                "a=ssrc-group:FID 2002 2003",
                "a=ssrc:2002 cname:guestCname",
                "a=ssrc:2002 msid:guestStream guestCam",
                "a=ssrc:2003 cname:guestCname",
                "a=ssrc:2003 msid:guestStream guestCam")), section(offer.sdp(), "3"));
        assertEquals(List.of("m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0", "a=mid:2"),
                section(offer.sdp(), "2").subList(0, 3));
        assertTrue(section(offer.sdp(), "2").contains("a=msid:guestStream guestMic"));
    }

    @Test
    void aPublisherWhoLeavesKeepsItsSectionsClosed() {
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        List<String> lines = lines(offer.sdp());
        assertEquals("o=livestage 4242424242424242 2 IN IP4 127.0.0.1", lines.get(1));
        assertTrue(lines.contains("a=group:BUNDLE 0 1"));
        assertEquals(List.of(
                "m=audio 0 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=mid:2",
                "a=inactive",
                "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1"), section(offer.sdp(), "2"));
        assertEquals(List.of(
                "m=video 0 UDP/TLS/RTP/SAVPF 96 97",
                "c=IN IP4 0.0.0.0",
                "a=mid:3",
                "a=inactive",
                "a=rtcp-mux",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 transport-cc",
                "a=rtcp-fb:96 ccm fir",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96"), section(offer.sdp(), "3"));
        assertEquals(SectionState.CLOSED, offer.section("3").state());
        assertNull(offer.sending(GUEST_VIDEO));
        assertTrue(lines.stream().noneMatch(l -> l.contains("guest") || l.startsWith("a=ssrc:2")));
    }

    @Test
    void whenTheHostLeavesTheFirstSectionStaysAsTheInactiveAnchor() {
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(GUEST_AUDIO, GUEST_VIDEO));
        assertEquals(List.of("0", "2", "3"), offer.bundleMids());
        assertEquals(bundledSection("m=audio 9 UDP/TLS/RTP/SAVPF 111", "0", List.of(
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=inactive",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1")), section(offer.sdp(), "0"));
        assertEquals("m=video 0 UDP/TLS/RTP/SAVPF 96 97", section(offer.sdp(), "1").get(0));
    }

    @Test
    void aJoiningPublisherGetsNewMidsAfterClosedOnes() {
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        assertEquals(3, offer.sessionVersion());
        assertEquals(SESSION_ID, offer.sessionId());
        assertEquals(6, offer.sections().size());
        assertEquals(List.of("0", "1", "4", "5"), offer.bundleMids());
        assertEquals(SectionState.CLOSED, offer.section("2").state());
        assertEquals("4", offer.sending(GUEST_AUDIO).mid());
        assertEquals("5", offer.sending(GUEST_VIDEO).mid());
        assertEquals(List.of("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:5"),
                section(offer.sdp(), "5").subList(0, 3));
        assertTrue(section(offer.sdp(), "5").contains("a=ssrc-group:FID 2002 2003"));
    }

    @Test
    void aRepublishedTrackIsANewSection() {
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        OutgoingTrack republished = new OutgoingTrack("video", "host", "hostStream", "hostCam", 1012, 1013,
                "hostCname", HOST_VIDEO.codecs(), HOST_VIDEO.extensions());
        SubscriberOffer offer = builder.offer(LOCAL, List.of(HOST_AUDIO, republished));
        assertEquals(SectionState.CLOSED, offer.section("1").state());
        assertEquals("2", offer.sending(republished).mid());
        assertEquals(96, offer.section("2").payloadType(96), "the closed section freed its numbers");
    }

    @Test
    void aRejectedSectionIsClosedInTheNextOffer() throws SdpException {
        SubscriberOffer first = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        String answer = SdpFixtures.load(SubscriberAnswerTest.CHROME_ANSWER).replace("m=video 9", "m=video 0");
        builder.answered(SubscriberAnswer.parse(answer, first));
        SubscriberOffer next = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO));
        assertEquals(List.of("0"), next.bundleMids());
        assertEquals(SectionState.CLOSED, next.section("1").state());
        assertEquals(2, next.sections().size(), "the rejected track is not offered again");
        SubscriberOffer withGuest = builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO));
        assertEquals(List.of("0", "2"), withGuest.bundleMids());
    }

    @Test
    void anIceRestartChangesTheCredentialsOnly() {
        builder.offer(LOCAL, List.of(HOST_AUDIO));
        LocalTransportDescription restarted = new LocalTransportDescription(
                new IceCredentials("newUfrag", "newPassword0123456789abc"), OUR_FINGERPRINT, LOCAL.candidates());
        SubscriberOffer offer = builder.offer(restarted, List.of(HOST_AUDIO));
        assertTrue(section(offer.sdp(), "0").containsAll(List.of("a=ice-ufrag:newUfrag",
                "a=ice-pwd:newPassword0123456789abc", "a=sendonly")));
        assertEquals(1, offer.sections().size());
    }

    @Test
    void theExistingOfferParserReadsOurOffers() throws SdpException {
        builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_VIDEO, GUEST_AUDIO, GUEST_VIDEO));
        SubscriberOffer ours = builder.offer(LOCAL, List.of(GUEST_AUDIO, GUEST_VIDEO));
        SdpOffer parsed = SdpOffer.parse(ours.sdp());
        assertTrue(parsed.iceLite());
        assertEquals(ours.bundleMids(), parsed.bundleMids());
        assertEquals(4, parsed.sections().size());
        for (SubscriberSection section : ours.sections()) {
            OfferedSection read = parsed.section(section.mid());
            assertEquals(section.kind(), read.kind());
            assertEquals(section.codecs(), read.codecs());
            assertEquals(section.bundled() ? 9 : 0, read.port());
            assertEquals(section.state() == SectionState.SENDING ? MediaDirection.SENDONLY : MediaDirection.INACTIVE,
                    read.direction());
            assertTrue(read.rtcpMux());
        }
        OfferedSection guestVideo = parsed.section("3");
        assertEquals(SubscriberFixtures.VIDEO_EXTENSIONS, guestVideo.extensions());
        assertEquals(LOCAL.ice(), guestVideo.ice());
        assertEquals(OUR_FINGERPRINT, guestVideo.fingerprint("sha-256").value());
        assertEquals(DtlsSetup.ACTPASS, guestVideo.setup());
        assertEquals("guestStream guestCam", guestVideo.msid());
        assertEquals(List.of(new SsrcDescription(2002, "guestCname", "guestStream guestCam"),
                new SsrcDescription(2003, "guestCname", "guestStream guestCam")), guestVideo.ssrcs());
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(2002L, 2003L))), guestVideo.ssrcGroups());
        assertEquals(2, guestVideo.candidates().size());
        assertEquals(10000, guestVideo.candidates().get(0).port());
        assertEquals(List.of(), parsed.section("0").ssrcs(), "the anchor no longer announces the host's SSRC");
    }

    @Test
    void refusesTracksThatWouldMakeAnInvalidOffer() {
        assertThrows(IllegalArgumentException.class, () -> builder.offer(LOCAL, List.of(HOST_AUDIO, HOST_AUDIO)));
        OutgoingTrack sameSsrc = new OutgoingTrack("audio", "guest", "g", "ga", 1003, -1, "gc",
                HOST_AUDIO.codecs(), HOST_AUDIO.extensions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.offer(LOCAL, List.of(HOST_VIDEO, sameSsrc)));
        assertEquals("track ga reuses an SSRC of another track", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OutgoingTrack("video", "h", "s", "t", 1, -1, "c",
                List.of(SubscriberFixtures.VP8_RTX), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new OutgoingTrack("video", "h", "s s", "t", 1, -1, "c",
                List.of(SubscriberFixtures.VP8), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new OutgoingTrack("data", "h", "s", "t", 1, -1, "c",
                List.of(SubscriberFixtures.VP8), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new OutgoingTrack("video", "h", "s", "t", 1L << 32, -1,
                "c", List.of(SubscriberFixtures.VP8), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SubscriberOfferBuilder(0));
    }
}

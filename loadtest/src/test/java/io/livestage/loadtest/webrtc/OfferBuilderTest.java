package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsFingerprint;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.DtlsSetup;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OfferedSection;
import io.livestage.sfu.sdp.PublisherAnswer;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SsrcGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our offer as the SFU's own parser and answer builder see it, and our reading of the answer. */
class OfferBuilderTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final IceCredentials CLIENT_ICE = IceCredentials.random(RANDOM);
    private static final DtlsFingerprint CLIENT_FINGERPRINT = DtlsCertificate.generate(RANDOM).fingerprint();
    private static final IceCredentials SERVER_ICE = new IceCredentials("srvUfrag", "srvPassword0123456789abcd");
    private static final DtlsFingerprint SERVER_FINGERPRINT = DtlsCertificate.generate(RANDOM).fingerprint();
    private static final LocalTransportDescription SERVER = new LocalTransportDescription(SERVER_ICE,
            SERVER_FINGERPRINT.value(), List.of(new HostCandidate("::1", 10000), new HostCandidate("127.0.0.1", 10000)));

    @Test
    void aPublisherOfferParsesAsABundledSendOnlyOpusAndVp8Offer() throws Exception {
        LocalTracks tracks = LocalTracks.random(RANDOM);
        SdpOffer offer = SdpOffer.parse(OfferBuilder.publisher(CLIENT_ICE, CLIENT_FINGERPRINT, tracks));

        assertEquals(List.of("0", "1"), offer.bundleMids());
        OfferedSection audio = offer.section(OfferBuilder.AUDIO_MID);
        OfferedSection video = offer.section(OfferBuilder.VIDEO_MID);
        for (OfferedSection section : List.of(audio, video)) {
            assertEquals("UDP/TLS/RTP/SAVPF", section.proto());
            assertEquals(MediaDirection.SENDONLY, section.direction());
            assertTrue(section.rtcpMux());
            assertEquals(DtlsSetup.ACTPASS, section.setup());
            assertEquals(CLIENT_ICE, section.ice());
            assertEquals(CLIENT_FINGERPRINT, section.fingerprint(DtlsFingerprint.SHA_256));
            assertEquals(tracks.streamId() + " " + (section == audio ? tracks.audioTrackId() : tracks.videoTrackId()),
                    section.msid());
            assertEquals(section == audio ? 4 : 3, section.extensions().size(), "extensions of mid " + section.mid());
        }

        RtpCodec opus = audio.codec(OfferBuilder.OPUS_PT);
        assertEquals("opus", opus.name());
        assertEquals(48000, opus.clockRate());
        assertEquals(2, opus.channels());
        assertEquals(List.of("transport-cc"), opus.feedback());
        assertEquals(1, audio.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertEquals(2, audio.extensionId(HeaderExtension.ABS_SEND_TIME));
        assertEquals(3, audio.extensionId(HeaderExtension.TRANSPORT_CC));
        assertEquals(4, audio.extensionId(HeaderExtension.MID));
        assertEquals(tracks.audioSsrc(), audio.ssrcs().get(0).ssrc());
        assertEquals(tracks.cname(), audio.ssrcs().get(0).cname());

        RtpCodec vp8 = video.codec(OfferBuilder.VP8_PT);
        assertEquals("VP8", vp8.name());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), vp8.feedback());
        assertEquals(OfferBuilder.VP8_PT, video.codec(OfferBuilder.VP8_RTX_PT).associatedPayloadType());
        assertEquals(-1, video.extensionId(HeaderExtension.AUDIO_LEVEL));
        assertTrue(video.rtcpReducedSize());
        assertEquals(List.of(new SsrcGroup(SsrcGroup.FID, List.of(tracks.videoSsrc(), tracks.videoRtxSsrc()))),
                video.ssrcGroups());
        assertEquals(2, video.ssrcs().size());
    }

    @Test
    void theSfuAnswersItWithEverythingAcceptedAndWeReadTheAnswer() throws Exception {
        LocalTracks tracks = LocalTracks.random(RANDOM);
        PublisherAnswer answer = PublisherAnswerBuilder.answer(
                SdpOffer.parse(OfferBuilder.publisher(CLIENT_ICE, CLIENT_FINGERPRINT, tracks)), SERVER);

        assertTrue(answer.rejectedMids().isEmpty(), "rejected " + answer.rejectedMids());
        assertTrue(answer.dtlsServer());
        assertEquals(CLIENT_ICE, answer.remoteIce());
        assertEquals(CLIENT_FINGERPRINT.value(), answer.remoteFingerprint().value());
        AcceptedMedia audio = answer.media().get(0);
        AcceptedMedia video = answer.media().get(1);
        assertEquals(MediaDirection.RECVONLY, audio.direction());
        assertEquals(List.of(OfferBuilder.OPUS_PT), audio.codecs().stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of(OfferBuilder.VP8_PT, OfferBuilder.VP8_RTX_PT),
                video.codecs().stream().map(RtpCodec::payloadType).toList());
        assertEquals(List.of("transport-cc", "ccm fir", "nack", "nack pli"), video.codec(OfferBuilder.VP8_PT).feedback());
        assertEquals(tracks.videoRtxSsrc(), video.rtxSsrc(tracks.videoSsrc()));

        ServerAnswer read = ServerAnswer.parse(answer.sdp());
        assertTrue(read.iceLite());
        assertEquals(SERVER_ICE, read.ice());
        assertEquals(SERVER_FINGERPRINT, read.fingerprint());
        assertEquals("passive", read.setup());
        assertTrue(read.audioAccepted() && read.videoAccepted());
        assertEquals(RtpExtensionIds.OFFERED_AUDIO, read.audioExtensions());
        assertEquals(RtpExtensionIds.OFFERED_VIDEO, read.videoExtensions());
        assertEquals(2, read.hostCandidates().size());
        assertEquals(new InetSocketAddress("127.0.0.1", 10000), read.firstIpv4HostCandidate());
    }

    @Test
    void aSimulcastOfferListsItsLayersWithoutVideoSsrcsAndTheSfuTakesThem() throws Exception {
        LocalTracks tracks = LocalTracks.random(RANDOM);
        List<String> rids = SimulcastLayer.rids(SimulcastLayer.standard());
        String sdp = OfferBuilder.publisher(CLIENT_ICE, CLIENT_FINGERPRINT, tracks, rids);
        OfferedSection video = SdpOffer.parse(sdp).section(OfferBuilder.VIDEO_MID);

        assertEquals(List.of("q", "h", "f"), video.rids());
        assertTrue(video.ssrcs().isEmpty() && video.ssrcGroups().isEmpty(), "a browser announces no layer SSRCs");
        assertEquals(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO.rid(), video.extensionId(HeaderExtension.RID));
        assertEquals(RtpExtensionIds.OFFERED_REPAIRED_RID, video.extensionId(HeaderExtension.REPAIRED_RID));
        assertEquals(tracks.streamId() + " " + tracks.videoTrackId(), video.msid());
        assertEquals(tracks.audioSsrc(), SdpOffer.parse(sdp).section(OfferBuilder.AUDIO_MID).ssrcs().get(0).ssrc());

        PublisherAnswer answer = PublisherAnswerBuilder.answer(SdpOffer.parse(sdp), SERVER);
        assertTrue(answer.rejectedMids().isEmpty(), "rejected " + answer.rejectedMids());
        assertEquals(rids, answer.media().get(1).rids());
        ServerAnswer read = ServerAnswer.parse(answer.sdp());
        assertEquals(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO, read.videoExtensions(), "the layers were taken");
        assertEquals(RtpExtensionIds.NONE, ServerAnswer.parse(PublisherAnswerBuilder.answer(
                SdpOffer.parse(OfferBuilder.publisher(CLIENT_ICE, CLIENT_FINGERPRINT, tracks)), SERVER).sdp())
                .videoExtensions().rid(), "no RID without simulcast");
    }

    @Test
    void aReceiverOfferIsRecvOnlyWithoutSsrcsAndTheSfuSendsNothingBack() throws Exception {
        SdpOffer offer = SdpOffer.parse(OfferBuilder.receiver(CLIENT_ICE, CLIENT_FINGERPRINT));
        for (OfferedSection section : offer.sections()) {
            assertEquals(MediaDirection.RECVONLY, section.direction());
            assertTrue(section.ssrcs().isEmpty());
            assertNotNull(section.codec(section.kind().equals("audio") ? OfferBuilder.OPUS_PT : OfferBuilder.VP8_PT));
        }
        PublisherAnswer answer = PublisherAnswerBuilder.answer(offer, SERVER);
        assertTrue(answer.media().stream().allMatch(media -> media.direction() == MediaDirection.INACTIVE));
        assertFalse(answer.sdp().contains("a=ssrc:"));
    }
}

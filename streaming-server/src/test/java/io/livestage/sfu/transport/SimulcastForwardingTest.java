package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VP8 simulcast publisher's packets through the receive stage and the fan-out to one viewer, in
 * bytes: layers learned from their rids, switches on the chosen layer's keyframe, and a stream the
 * viewer's decoder takes as one (SSRC, sequence numbers, timestamps, picture ids, TL0PICIDX).
 */
class SimulcastForwardingTest {
    private static final long T0 = 10_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long VIEWER_SSRC = 0x7777_0001L;

    private final StageFixture fixture = new StageFixture();
    private final FanOutStage fanOut = new FanOutStage(fixture.metrics);
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(SimulcastPackets.section()), fixture.metrics);
    private final MediaSource source = tracks.announced().get(0);
    private final StageFixture.Target viewer = new StageFixture.Target();
    private final SrtpSession viewerSrtp = SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 3));
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void layersAreLearnedFromTheirRidsAndTheirRtxStreamsFromTheRepairedRid() {
        for (int layer = 0; layer < 3; layer++) {
            Producer learned = receive(SimulcastPackets.layer(layer).sequence(1).bytes(), T0);
            assertNotNull(learned);
            assertSame(learned, source.layer(layer));
            assertEquals(SimulcastPackets.SSRCS[layer], learned.ssrc());
        }
        assertNull(receive(SimulcastPackets.layer(1).repair().sequence(1).bytes(), T0), "RTX is not forwarded");
        assertEquals(1, source.layer(1).snapshot("u").retransmissions());
        assertNull(receive(SimulcastPackets.layer(1).repair().withoutRid().sequence(2).bytes(), T0));
        assertEquals(2, source.layer(1).snapshot("u").retransmissions(), "known by its SSRC from then on");
        assertSame(source.layer(2), receive(SimulcastPackets.layer(2).withoutRid().sequence(2).bytes(), T0));

        byte[] impostor = SimulcastPackets.layer(0).sequence(9).bytes();
        NetworkOrder.putUint32(impostor, 8, 0x6666_6666L);
        assertNull(receive(impostor, T0), "a second SSRC claiming layer q is not a stream we take");
        assertSame(source.layer(0), tracks.tracks().get(0));
        assertEquals(List.of(), new ArrayList<>(tracks.tracks().subList(3, tracks.tracks().size())));
    }

    @Test
    void aSwitchWaitsForTheChosenLayersKeyframeAndTheViewerSeesOneContinuousStream() {
        flowAllLayers();
        Consumer consumer = consume();
        assertEquals(0, forwarded(SimulcastPackets.layer(0).sequence(500).bytes(), T0 + SECOND),
                "nothing before the first keyframe of the chosen layer");
        consumer.pin(0);
        consumer.allocate(0, 0, T0 + SECOND);
        receive(SimulcastPackets.layer(0).keyframe().sequence(501).timestamp(90_000).picture(100).tl0(10).bytes(),
                T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(502).timestamp(93_000).picture(101).tl0(10).temporal(2, true)
                .bytes(), T0 + SECOND + 33_000_000);
        receive(SimulcastPackets.layer(2).sequence(7000).timestamp(4_000_000).picture(30_000).tl0(200).bytes(),
                T0 + SECOND + 33_000_000);

        consumer.pin(2);
        consumer.allocate(0, 0, T0 + SECOND + 40_000_000);
        assertTrue(consumer.switchPending());
        assertEquals(1, forwarded(SimulcastPackets.layer(0).sequence(503).timestamp(96_000).picture(102).tl0(11)
                .bytes(), T0 + SECOND + 66_000_000), "the old layer flows until the new one's keyframe");
        assertEquals(0, forwarded(SimulcastPackets.layer(2).sequence(7001).timestamp(4_003_000).picture(30_001)
                .tl0(200).temporal(2, false).bytes(), T0 + SECOND + 66_000_000), "no switch on a delta frame");
        assertEquals(1, forwarded(SimulcastPackets.layer(2).keyframe().sequence(7002).timestamp(4_006_000)
                .picture(30_002).tl0(201).bytes(), T0 + SECOND + 100_000_000));
        assertEquals(0, forwarded(SimulcastPackets.layer(0).sequence(504).timestamp(99_000).picture(103).tl0(11)
                .bytes(), T0 + SECOND + 100_000_000), "the old layer stops at the switch");
        forwarded(SimulcastPackets.layer(2).sequence(7003).timestamp(4_009_000).picture(30_003).tl0(201)
                .temporal(2, true).bytes(), T0 + SECOND + 133_000_000);
        assertTrue(!consumer.switchPending() && consumer.currentLayer() == 2 && consumer.switches() == 1);

        List<RtpPacket> seen = StageFixture.decrypt(viewerSrtp, fixture.takeSent());
        assertEquals(List.of(501, 502, 503, 504, 505), seen.stream().map(RtpPacket::sequenceNumber).toList());
        assertTrue(seen.stream().allMatch(p -> p.ssrc() == VIEWER_SSRC), "one SSRC whichever layer");
        assertEquals(List.of(100, 101, 102, 103, 104), pictureIds(seen));
        assertEquals(List.of(10, 10, 11, 12, 12), tl0s(seen));
        long[] timestamps = seen.stream().mapToLong(RtpPacket::timestamp).toArray();
        assertEquals(96_000, timestamps[2]);
        // No sender reports: the new layer continues by the wall-clock time since the last packet (34 ms).
        assertEquals(96_000 + 34 * 90, timestamps[3]);
        assertEquals(timestamps[3] + 3000, timestamps[4], "the new layer's own spacing from then on");

        // A NACK names our numbers: each is found in its own layer's cache and sent again as it was.
        fanOut.retransmit(fixture.loop, consumer, new int[] {502, 504}, 2, T0 + 2 * SECOND);
        // Decrypted as by a viewer that lost them (the first viewer's SRTP would refuse them as replays).
        SrtpSession lostThem = SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 3));
        List<RtpPacket> resent = StageFixture.decrypt(lostThem, fixture.takeSent());
        assertEquals(List.of(502, 504), resent.stream().map(RtpPacket::sequenceNumber).toList());
        assertEquals(List.of(101, 103), pictureIds(resent));
        assertEquals(List.of(93_000L, timestamps[3]), resent.stream().map(RtpPacket::timestamp).toList());
    }

    @Test
    void aFrameLeftIncompleteByASwitchIsFollowedByAGapOfOne() {
        flowAllLayers();
        Consumer consumer = consume();
        consumer.pin(0);
        consumer.allocate(0, 0, T0 + SECOND);
        receive(SimulcastPackets.layer(0).keyframe().sequence(10).picture(1).bytes(), T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(11).picture(2).marker(false).bytes(), T0 + SECOND);
        consumer.pin(1);
        consumer.allocate(0, 0, T0 + SECOND);
        receive(SimulcastPackets.layer(1).keyframe().sequence(900).picture(50).bytes(), T0 + SECOND);
        List<RtpPacket> seen = StageFixture.decrypt(viewerSrtp, fixture.takeSent());
        assertEquals(List.of(10, 11, 13), seen.stream().map(RtpPacket::sequenceNumber).toList(),
                "the missing end of frame 2 tells the decoder not to wait for it");
        assertEquals(List.of(1, 2, 3), pictureIds(seen));
    }

    @Test
    void senderReportsPutTheNewLayerOnTheOldOnesTimelineAndOnWhatTheViewerIsToldToo() {
        flowAllLayers();
        Consumer consumer = consume();
        consumer.pin(0);
        consumer.allocate(0, 0, T0 + SECOND);
        long ntp = fixture.loop.ntp().ntpAt(T0 + SECOND);
        // Same wall-clock instant: layer q's clock reads 90,000, layer f's 5,000,000.
        source.layer(0).senderReport().record(ntp, 90_000, T0 + SECOND);
        source.layer(2).senderReport().record(ntp, 5_000_000, T0 + SECOND);
        receive(SimulcastPackets.layer(0).keyframe().sequence(1).timestamp(90_000).picture(1).bytes(), T0 + SECOND);
        consumer.pin(2);
        consumer.allocate(0, 0, T0 + SECOND);
        receive(SimulcastPackets.layer(2).keyframe().sequence(1).timestamp(5_009_000).picture(1).bytes(),
                T0 + SECOND + 100_000_000);
        List<RtpPacket> seen = StageFixture.decrypt(viewerSrtp, fixture.takeSent());
        assertEquals(90_000 + 9_000, seen.get(1).timestamp(), "100 ms after q's frame by both reports");
    }

    @Test
    void droppedTemporalLayersCloseUpSequenceNumbersAndPictureIds() {
        flowAllLayers();
        Consumer consumer = consume();
        // Less than half of the lowest layer's rate: only its base temporal layer fits.
        consumer.allocate(source.layerBitrate(0) / 2, 0, T0 + SECOND);
        receive(SimulcastPackets.layer(0).keyframe().sequence(20).picture(7).tl0(1).bytes(), T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(21).picture(8).tl0(1).temporal(2, true).bytes(), T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(22).picture(9).tl0(1).temporal(1, true).marker(false).bytes(),
                T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(23).picture(9).tl0(1).temporal(1, true).continuation().bytes(),
                T0 + SECOND);
        receive(SimulcastPackets.layer(0).sequence(24).picture(10).tl0(2).bytes(), T0 + SECOND);
        List<RtpPacket> seen = StageFixture.decrypt(viewerSrtp, fixture.takeSent());
        assertEquals(List.of(20, 21), seen.stream().map(RtpPacket::sequenceNumber).toList());
        assertEquals(List.of(7, 8), pictureIds(seen));
        assertEquals(List.of(1, 2), tl0s(seen));
    }

    @Test
    void anH264PublishersLayersSwitchOnAnIdrWithContinuousNumbers() {
        TrackReceiveStage h264Tracks = new TrackReceiveStage(List.of(SimulcastPackets.h264Section()), fixture.metrics);
        MediaSource h264 = h264Tracks.announced().get(0);
        OutgoingTrack track = new OutgoingTrack("video", "publisher", "stream", "video", VIEWER_SSRC, -1, "cname",
                List.of(SimulcastPackets.H264_CODEC), StageFixture.EXTENSIONS);
        Consumer consumer = new Consumer(h264, null, viewer, new SubscriberSection("0", "video", SectionState.SENDING,
                track, List.of(SimulcastPackets.H264_CODEC), StageFixture.EXTENSIONS), new AnsweredSection("0", true,
                MediaDirection.RECVONLY, List.of(SimulcastPackets.H264_CODEC), StageFixture.EXTENSIONS));
        consumer.key(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 3), DtlsRole.SERVER);
        h264.addConsumer(consumer);
        byte[][] packets = {
            SimulcastPackets.layer(0).h264().keyframe().sequence(40).timestamp(1000).bytes(),
            SimulcastPackets.layer(0).h264().sequence(41).timestamp(4000).bytes(),
            SimulcastPackets.layer(1).h264().sequence(900).timestamp(77_000).bytes(),
            SimulcastPackets.layer(1).h264().keyframe().sequence(901).timestamp(80_000).bytes(),
            SimulcastPackets.layer(0).h264().sequence(42).timestamp(7000).bytes(),
            SimulcastPackets.layer(1).h264().sequence(902).timestamp(83_000).bytes()};
        for (int i = 0; i < packets.length; i++) {
            if (i == 2) {
                consumer.pin(1);
                // Layer h has flowed for a second: it has a rate, so it is a choice.
                assertTrue(rtp.wrap(packets[2], 0, packets[2].length));
                Producer h = h264Tracks.onRtp(rtp, T0);
                h.sample(T0 - SECOND);
                byte[] more = SimulcastPackets.layer(1).h264().withoutRid().sequence(900).timestamp(77_000).bytes();
                assertTrue(rtp.wrap(more, 0, more.length));
                h264Tracks.onRtp(rtp, T0);
                h.sample(T0);
                consumer.allocate(0, 0, T0);
                continue;
            }
            assertTrue(rtp.wrap(packets[i], 0, packets[i].length));
            Producer producer = h264Tracks.onRtp(rtp, T0 + i * 33_000_000L);
            fanOut.forward(fixture.loop, producer, rtp, h264Tracks.keyframeStarted(), T0 + i * 33_000_000L);
        }
        List<RtpPacket> seen = StageFixture.decrypt(viewerSrtp, fixture.takeSent());
        assertEquals(List.of(40, 41, 42, 43), seen.stream().map(RtpPacket::sequenceNumber).toList());
        assertEquals(List.of(VIEWER_SSRC, VIEWER_SSRC, VIEWER_SSRC, VIEWER_SSRC),
                seen.stream().map(RtpPacket::ssrc).toList());
        assertEquals(0x65, seen.get(2).buffer()[seen.get(2).payloadOffset()] & 0xFF, "the switch is on h's IDR");
        assertEquals(3000, seen.get(3).timestamp() - seen.get(2).timestamp(), "h's own spacing after the switch");
    }

    /** Every layer sends for a second, so each has a rate a viewer's estimate can be weighed against. */
    private void flowAllLayers() {
        for (int layer = 0; layer < 3; layer++) {
            receive(SimulcastPackets.layer(layer).sequence(1).bytes(), T0);
            source.layer(layer).sample(T0 - SECOND);
            receive(SimulcastPackets.layer(layer).withoutRid().sequence(2).bytes(), T0);
            source.layer(layer).sample(T0);
            assertTrue(source.layerAvailable(layer, T0));
        }
    }

    private Consumer consume() {
        Consumer consumer = StageFixture.viewerConsumer(source, viewer, VIEWER_SSRC, 3);
        source.addConsumer(consumer);
        return consumer;
    }

    private Producer receive(byte[] packet, long now) {
        assertTrue(rtp.wrap(packet, 0, packet.length));
        Producer producer = tracks.onRtp(rtp, now);
        if (producer != null) {
            fanOut.forward(fixture.loop, producer, rtp, tracks.keyframeStarted(), now);
        }
        return producer;
    }

    private int forwarded(byte[] packet, long now) {
        assertTrue(rtp.wrap(packet, 0, packet.length));
        Producer producer = tracks.onRtp(rtp, now);
        return producer == null ? 0 : fanOut.forward(fixture.loop, producer, rtp, tracks.keyframeStarted(), now);
    }

    private static List<Integer> pictureIds(List<RtpPacket> packets) {
        Vp8Descriptor vp8 = new Vp8Descriptor();
        List<Integer> ids = new ArrayList<>();
        for (RtpPacket packet : packets) {
            assertTrue(vp8.read(packet.buffer(), packet.payloadOffset(), packet.payloadLength()));
            assertTrue(vp8.longPictureId());
            ids.add(vp8.pictureId());
        }
        return ids;
    }

    private static List<Integer> tl0s(List<RtpPacket> packets) {
        Vp8Descriptor vp8 = new Vp8Descriptor();
        List<Integer> indexes = new ArrayList<>();
        for (RtpPacket packet : packets) {
            vp8.read(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
            indexes.add(vp8.tl0PicIdx());
        }
        return indexes;
    }
}

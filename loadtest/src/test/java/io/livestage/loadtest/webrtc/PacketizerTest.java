package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Synthetic Opus and VP8 packets, read back with the SFU's RTP and VP8 parsers. */
class PacketizerTest {

    private static final long NOW = 123_456_789_000L;

    @Test
    void opusPacketsCarryTwentyMillisecondsWithTheNegotiatedExtensions() {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_AUDIO, "0", new TransportWideSequence());
        OpusPacketizer opus = new OpusPacketizer(0x1234_5678L, OfferBuilder.OPUS_PT, 60, header, new SplittableRandom(1));
        List<byte[]> packets = collect(opus, 3);

        List<RtpPacket> rtp = packets.stream().map(PacketizerTest::parse).toList();
        for (int i = 0; i < 3; i++) {
            RtpPacket packet = rtp.get(i);
            assertEquals(OfferBuilder.OPUS_PT, packet.payloadType());
            assertEquals(0x1234_5678L, packet.ssrc());
            assertEquals(i == 0, packet.marker(), "marker only at the start of the talkspurt");
            assertEquals(60, packet.payloadLength());
            assertEquals(OpusPacketizer.TOC, packet.buffer()[packet.payloadOffset()] & 0xFF);
            assertEquals(RtpPacket.ONE_BYTE_EXTENSION_PROFILE, packet.extensionProfile());
            int level = packet.findExtension(1);
            assertEquals(1, packet.foundExtensionLength());
            assertTrue((packet.buffer()[level] & 0x80) != 0, "voice activity");
            int mid = packet.findExtension(4);
            assertEquals('0', packet.buffer()[mid]);
            int twcc = packet.findExtension(3);
            assertEquals(i, ((packet.buffer()[twcc] & 0xFF) << 8) | (packet.buffer()[twcc + 1] & 0xFF));
            assertTrue(packet.findExtension(2) > 0);
            assertEquals(3, packet.foundExtensionLength());
        }
        assertEquals((rtp.get(0).sequenceNumber() + 1) & 0xFFFF, rtp.get(1).sequenceNumber());
        assertEquals((rtp.get(0).timestamp() + 960) & 0xFFFF_FFFFL, rtp.get(1).timestamp());
    }

    @Test
    void vp8FramesAreSplitWithDescriptorsKeyframeHeadersAndMarkers() {
        VideoSettings settings = VideoSettings.hd720().withKeyframeInterval(1.0);
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_VIDEO, "1", new TransportWideSequence());
        Vp8Packetizer vp8 = new Vp8Packetizer(0xABCDL, OfferBuilder.VP8_PT, settings, header, new SplittableRandom(2));
        List<List<byte[]>> frames = new ArrayList<>();
        for (int f = 0; f < 31; f++) {
            frames.add(collect(vp8, 1));
        }
        long totalBytes = 0;
        Integer lastSequence = null;
        for (int f = 0; f < frames.size(); f++) {
            List<RtpPacket> packets = frames.get(f).stream().map(PacketizerTest::parse).toList();
            boolean keyframe = f % 30 == 0;
            for (int i = 0; i < packets.size(); i++) {
                RtpPacket packet = packets.get(i);
                assertTrue(packet.length() <= settings.maxPacketBytes());
                assertEquals(i == packets.size() - 1, packet.marker(), "marker on a frame's last packet");
                assertEquals(packets.get(0).timestamp(), packet.timestamp());
                byte[] buf = packet.buffer();
                int p = packet.payloadOffset();
                assertEquals(i == 0 ? 0x90 : 0x80, buf[p] & 0xFF, "X bit, and S bit on the first packet");
                assertEquals(keyframe && i == 0, Vp8Payload.isKeyframe(buf, p, packet.payloadLength()));
                if (lastSequence != null) {
                    assertEquals((lastSequence + 1) & 0xFFFF, packet.sequenceNumber());
                }
                lastSequence = packet.sequenceNumber();
                totalBytes += packet.payloadLength() - 4;
            }
            if (keyframe) {
                int p = packets.get(0).payloadOffset() + 4;
                byte[] buf = packets.get(0).buffer();
                assertEquals(1280, (buf[p + 6] & 0xFF) | (buf[p + 7] & 0x3F) << 8);
                assertEquals(720, (buf[p + 8] & 0xFF) | (buf[p + 9] & 0x3F) << 8);
            }
            if (f > 0) {
                RtpPacket previous = parse(frames.get(f - 1).get(0));
                assertEquals((previous.timestamp() + 3000) & 0xFFFF_FFFFL, packets.get(0).timestamp());
            }
        }
        assertEquals(2, vp8.keyframes());
        long perSecond = totalBytes - frameBytes(frames.get(30));
        assertEquals(settings.bitsPerSecond() / 8.0, perSecond, settings.bitsPerSecond() / 8.0 * 0.02,
                "one keyframe interval carries the configured bitrate");
    }

    @Test
    void aKeyframeRequestMakesTheNextFrameAKeyframe() {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.NOTHING, "1", new TransportWideSequence());
        Vp8Packetizer vp8 = new Vp8Packetizer(7, OfferBuilder.VP8_PT, VideoSettings.hd720(), header, new SplittableRandom(3));
        collect(vp8, 2);
        vp8.requestKeyframe();
        RtpPacket first = parse(collect(vp8, 1).get(0));
        assertFalse(first.hasExtension());
        assertTrue(Vp8Payload.isKeyframe(first.buffer(), first.payloadOffset(), first.payloadLength()));
        assertEquals(2, vp8.keyframes());
    }

    @Test
    void aSimulcastLayerNamesItselfWithMidAndRidOnEveryPacket() {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO, "1", "h",
                new TransportWideSequence());
        VideoSettings half = SimulcastLayer.standard().get(1).video();
        Vp8Packetizer layer = new Vp8Packetizer(0x4444L, OfferBuilder.VP8_PT, half, header, new SplittableRandom(5));
        List<byte[]> packets = collect(layer, 3);
        assertTrue(packets.size() >= 3);
        for (byte[] bytes : packets) {
            RtpPacket packet = parse(bytes);
            assertEquals(header.headerLength(), packet.payloadOffset());
            int mid = packet.findExtension(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO.mid());
            assertEquals("1", new String(packet.buffer(), mid, packet.foundExtensionLength(), StandardCharsets.US_ASCII));
            int rid = packet.findExtension(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO.rid());
            assertEquals("h", new String(packet.buffer(), rid, packet.foundExtensionLength(), StandardCharsets.US_ASCII));
            assertTrue(packet.findExtension(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO.transportCc()) > 0);
        }
        RtpPacket first = parse(packets.get(0));
        int p = first.payloadOffset() + 4;
        assertEquals(640, (first.buffer()[p + 6] & 0xFF) | (first.buffer()[p + 7] & 0x3F) << 8);
        assertEquals(360, (first.buffer()[p + 8] & 0xFF) | (first.buffer()[p + 9] & 0x3F) << 8);
    }

    @Test
    void aPausedLayerSendsNothingThenResumesWithAKeyframeWhereItsNumbersStopped() {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_SIMULCAST_VIDEO, "1", "f",
                new TransportWideSequence());
        Vp8Packetizer layer = new Vp8Packetizer(0x5555L, OfferBuilder.VP8_PT, VideoSettings.hd720(), header,
                new SplittableRandom(6));
        List<byte[]> before = collect(layer, 2);
        RtpPacket last = parse(before.get(before.size() - 1));
        int lastPicture = pictureId(last);
        layer.pause(true);
        assertTrue(layer.paused());
        assertTrue(collect(layer, 5).isEmpty());
        layer.pause(false);
        List<byte[]> after = collect(layer, 1);
        RtpPacket resumed = parse(after.get(0));

        assertTrue(Vp8Payload.isKeyframe(resumed.buffer(), resumed.payloadOffset(), resumed.payloadLength()));
        assertEquals((last.sequenceNumber() + 1) & 0xFFFF, resumed.sequenceNumber(), "no gap for the receiver");
        assertEquals((lastPicture + 1) & 0x7FFF, pictureId(resumed));
        assertEquals((last.timestamp() + 6 * 3000) & 0xFFFF_FFFFL, resumed.timestamp(), "the clock ran on");
        assertEquals(2, layer.keyframes());
    }

    /** The 15-bit picture id of our descriptor (X, I and M set). */
    private static int pictureId(RtpPacket packet) {
        int p = packet.payloadOffset();
        return (packet.buffer()[p + 2] & 0x7F) << 8 | (packet.buffer()[p + 3] & 0xFF);
    }

    private static long frameBytes(List<byte[]> frame) {
        return frame.stream().map(PacketizerTest::parse).mapToLong(p -> p.payloadLength() - 4).sum();
    }

    private static List<byte[]> collect(MediaSource source, int units) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            source.emitUnit(NOW + i * source.unitIntervalNanos(), (buf, off, len) -> packets.add(Arrays.copyOfRange(buf, off, off + len)));
        }
        return packets;
    }

    private static RtpPacket parse(byte[] bytes) {
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(bytes, 0, bytes.length));
        return packet;
    }
}

package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A subscriber's per-SSRC bookkeeping, fed with the synthetic packetizers' real packets. */
class ReceivedTrackTest {

    private static final long SSRC = 0xC0FFEEL;
    private static final long MS = 1_000_000L;
    private static final OfferedStream VIDEO = new OfferedStream("1", "video", SSRC, -1,
            Map.of(OfferBuilder.VP8_PT, "VP8"), OfferBuilder.VIDEO_CLOCK_RATE);

    @Test
    void gapsAreNackedAfterTheReorderWaitRetriedAndCountedAsRecoveredWhenTheyArrive() {
        List<RtpPacket> packets = video(40);
        ReceivedTrack track = new ReceivedTrack(SSRC, "video", null);
        long now = 1_000 * MS;
        for (int i = 0; i < 40; i++) {
            if (i != 10 && i != 11 && i != 30) {
                track.onPacket(packets.get(i), VIDEO, now);
            }
        }
        int[] out = new int[16];
        assertEquals(0, track.nacksDue(now + 5 * MS, out), "a packet may still be on its way");
        assertEquals(3, track.nacksDue(now + 10 * MS, out));
        int first = packets.get(0).sequenceNumber();
        assertArrayEquals(new int[] {(first + 10) & 0xFFFF, (first + 11) & 0xFFFF, (first + 30) & 0xFFFF},
                Arrays.copyOf(out, 3));
        assertEquals(0, track.nacksDue(now + 50 * MS, out), "no retry before the server's hold-off is over");
        assertEquals(3, track.nacksDue(now + 111 * MS, out));

        track.onPacket(packets.get(11), VIDEO, now + 120 * MS);
        track.onPacket(packets.get(11), VIDEO, now + 121 * MS);
        ReceivedTrackStats stats = track.snapshot();
        assertEquals(1, stats.recovered());
        assertEquals(1, stats.duplicates());
        assertEquals(2, stats.missing());
        assertEquals(0, stats.payloadMismatches());
        assertTrue(stats.keyframes() >= 1);

        for (int retry = 2; retry < ReceivedTrack.MAX_TRIES; retry++) {
            assertEquals(2, track.nacksDue(now + (111 + 101 * (retry - 1)) * MS, out));
        }
        assertEquals(0, track.nacksDue(now + 900 * MS, out), "retries spent: given up");
        assertEquals(2, track.snapshot().lost());
        assertFalse(track.snapshot().complete());
    }

    @Test
    void aPayloadThatIsNotThePublishersIsCaught() {
        RtpPacket packet = video(1).get(0);
        packet.buffer()[packet.payloadOffset() + packet.payloadLength() - 1] ^= 1;
        ReceivedTrack track = new ReceivedTrack(SSRC, "video", null);
        track.onPacket(packet, VIDEO, 0);
        assertEquals(1, track.snapshot().payloadMismatches());
    }

    @Test
    void opusAndVp8PayloadsMatchTheirSsrcAndSequenceOnly() {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_AUDIO, "0", new TransportWideSequence());
        OpusPacketizer opus = new OpusPacketizer(SSRC, OfferBuilder.OPUS_PT, 60, header, new SplittableRandom(3));
        List<RtpPacket> audio = collect(opus, 2);
        for (RtpPacket packet : audio) {
            assertTrue(SyntheticPayloadCheck.matches("opus", packet.buffer(), packet.payloadOffset(),
                    packet.payloadLength(), SSRC, packet.sequenceNumber()));
            assertFalse(SyntheticPayloadCheck.matches("opus", packet.buffer(), packet.payloadOffset(),
                    packet.payloadLength(), SSRC + 1, packet.sequenceNumber()));
            assertFalse(SyntheticPayloadCheck.matches("opus", packet.buffer(), packet.payloadOffset(),
                    packet.payloadLength(), SSRC, packet.sequenceNumber() + 1));
        }
        for (RtpPacket packet : video(60)) {
            assertTrue(SyntheticPayloadCheck.matches("VP8", packet.buffer(), packet.payloadOffset(),
                    packet.payloadLength(), SSRC, packet.sequenceNumber()));
        }
    }

    @Test
    void aSimulcastLayerRewrittenOntoOurSsrcIsCheckedAgainstTheIdentityStampedInIt() {
        // As the server forwards a layer: its SSRC and sequence numbers replaced by the subscriber's own.
        long ours = 0x5EEDL;
        OfferedStream offered = new OfferedStream("1", "video", ours, -1, Map.of(OfferBuilder.VP8_PT, "VP8"),
                OfferBuilder.VIDEO_CLOCK_RATE);
        ReceivedTrack layered = new ReceivedTrack(ours, "video", null, true);
        ReceivedTrack plain = new ReceivedTrack(ours, "video", null);
        List<RtpPacket> packets = video(30);
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket packet = packets.get(i);
            byte[] buf = packet.buffer();
            buf[2] = (byte) ((1000 + i) >>> 8);
            buf[3] = (byte) (1000 + i);
            buf[8] = 0;
            buf[9] = 0;
            buf[10] = (byte) (ours >>> 8);
            buf[11] = (byte) ours;
            assertTrue(packet.wrap(buf, 0, packet.length()));
            if (i == 29) {
                buf[packet.payloadOffset() + packet.payloadLength() - 1] ^= 1;
            }
            layered.onPacket(packet, offered, 0);
            plain.onPacket(packet, offered, 0);
        }
        assertEquals(30, layered.snapshot().packets());
        assertEquals(0, layered.snapshot().missing());
        assertEquals(1, layered.snapshot().payloadMismatches(), "only the altered one");
        assertEquals(30, plain.snapshot().payloadMismatches(), "the header no longer names the payload");
    }

    @Test
    void latencyRunsFromTheSendTimeInThePayloadWhateverTheServerDidToTheHeader() {
        List<RtpPacket> packets = video(20);
        ReceivedTrack track = new ReceivedTrack(SSRC, "video", null);
        for (RtpPacket packet : packets) {
            // A forwarding server stamps its own abs-send-time; the payload keeps the publisher's.
            int at = packet.findExtension(RtpExtensionIds.OFFERED_VIDEO.absSendTime());
            packet.buffer()[at] ^= 0x55;
            track.onPacket(packet, VIDEO, 7 * MS);
        }
        ReceivedTrackStats stats = track.snapshot();
        assertEquals(0, stats.payloadMismatches());
        assertEquals(7_000, stats.latencyP50Micros(), 10, "sent at 0 (the first frame), received at 7 ms");
    }

    /** Packets of enough 720p frames for {@code count}, keyframe first. */
    private static List<RtpPacket> video(int count) {
        RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.OFFERED_VIDEO, "1", new TransportWideSequence());
        Vp8Packetizer vp8 = new Vp8Packetizer(SSRC, OfferBuilder.VP8_PT, VideoSettings.hd720(), header,
                new SplittableRandom(4));
        List<RtpPacket> packets = new ArrayList<>();
        while (packets.size() < count) {
            packets.addAll(collect(vp8, 1));
        }
        return packets.subList(0, count);
    }

    private static List<RtpPacket> collect(MediaSource source, int units) {
        List<RtpPacket> packets = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            source.emitUnit(i * source.unitIntervalNanos(), (buf, off, len) -> {
                RtpPacket packet = new RtpPacket();
                assertTrue(packet.wrap(Arrays.copyOfRange(buf, off, off + len), 0, len));
                packets.add(packet);
            });
        }
        return packets;
    }
}

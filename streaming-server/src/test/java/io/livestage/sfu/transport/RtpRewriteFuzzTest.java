package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A publisher's packet, fuzzed, rewritten for one subscriber (payload type and extension ids
 * renumbered, the MID set to the subscriber's section, unaccepted extensions blanked), and a
 * simulcast track's packets, fuzzed, projected onto one continuous stream.
 */
class RtpRewriteFuzzTest {
    private static final RtpCodec VP8 = new RtpCodec(96, "VP8", 90000, 1, null, List.of("nack", "nack pli"));
    private static final RtpCodec VP8_RTX = new RtpCodec(97, "rtx", 90000, 1, "apt=96", List.of());
    private static final RtpCodec H264 = new RtpCodec(100, "H264", 90000, 1, "packetization-mode=1", List.of());
    private static final String ORIENTATION = "urn:3gpp:video-orientation";
    private static final OutgoingTrack TRACK = new OutgoingTrack("video", "host", "stream", "camera", 1002, 1003,
            "cname", List.of(VP8, VP8_RTX, H264), List.of(new HeaderExtension(2, HeaderExtension.ABS_SEND_TIME),
            new HeaderExtension(3, HeaderExtension.TRANSPORT_CC), new HeaderExtension(4, HeaderExtension.MID),
            new HeaderExtension(9, ORIENTATION)));
    /** Another publisher took 96 and 2 in the subscriber's BUNDLE group: this track was renumbered. */
    static final SubscriberSection SECTION = new SubscriberSection("7", "video", SectionState.SENDING, TRACK,
            List.of(renumbered(VP8, 98), renumbered(VP8_RTX, 99), renumbered(H264, 96)),
            List.of(new HeaderExtension(11, HeaderExtension.ABS_SEND_TIME), new HeaderExtension(3, HeaderExtension.TRANSPORT_CC),
                    new HeaderExtension(12, HeaderExtension.MID), new HeaderExtension(5, ORIENTATION)));
    /** The viewer kept VP8 and its RTX, and every extension but the orientation. */
    static final AnsweredSection ANSWERED = new AnsweredSection("7", true, MediaDirection.RECVONLY,
            List.of(renumbered(VP8, 98), renumbered(VP8_RTX, 99)), SECTION.extensions().subList(0, 3));
    private static final byte[] MID = "7".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void rewrite(byte[] input) {
        byte[] buf = input.clone();
        RtpPacket original = new RtpPacket();
        if (!original.wrap(input, 0, input.length)) {
            return;
        }
        RtpPacket view = new RtpPacket();
        view.wrap(buf, 0, buf.length);
        RtpRewriter rewriter = new RtpRewriter(SECTION, ANSWERED);
        int ours = switch (original.payloadType()) {
            case 96 -> 98;
            case 97 -> 99;
            default -> -1;
        };
        boolean applied = rewriter.apply(buf, 0, view);
        assertEquals(ours >= 0, applied, "payload type " + original.payloadType());
        if (!applied) {
            assertArrayEquals(input, buf, "a dropped packet is left as it was");
            return;
        }
        RtpPacket rewritten = new RtpPacket();
        assertTrue(rewritten.wrap(buf, 0, buf.length), "the rewritten packet is still RTP");
        assertEquals(ours, rewritten.payloadType());
        assertEquals(original.marker(), rewritten.marker());
        assertEquals(original.headerLength(), rewritten.headerLength());
        int blockStart = RtpPacket.FIXED_HEADER_LENGTH + 4 * original.csrcCount();
        assertEquals(input[0], buf[0]);
        assertArrayEquals(Arrays.copyOfRange(input, 2, blockStart + (original.hasExtension() ? 4 : 0)),
                Arrays.copyOfRange(buf, 2, blockStart + (original.hasExtension() ? 4 : 0)), "header fields stay");
        assertArrayEquals(Arrays.copyOfRange(input, original.headerLength(), input.length),
                Arrays.copyOfRange(buf, original.headerLength(), buf.length), "the payload stays");

        // Abs-send-time (2, now 11) and transport-cc (3) are what the send stage stamps: what a
        // receiver finds of them is the element the stamp goes in, and nothing else is left of them.
        assertStamped(input, original, rewritten, 2, 11, 3, rewriter.absSendTimeAt());
        assertStamped(input, original, rewritten, 3, 3, 2, rewriter.transportSequenceAt());
        int midAt = rewritten.findExtension(12);
        if (midAt >= 0) {
            assertArrayEquals(MID, Arrays.copyOfRange(buf, midAt, midAt + rewritten.foundExtensionLength()),
                    "the MID names the subscriber's section");
        }
        for (int id = 1; id < 256; id++) {
            int extension = id;
            if (id != 11 && id != 3 && id != 12) {
                assertEquals(-1, rewritten.findExtension(id), () -> "extension " + extension + " survived the rewrite");
            }
        }
    }

    private static void assertStamped(byte[] input, RtpPacket original, RtpPacket rewritten, int publisherId,
                                      int ourId, int length, int stampAt) {
        int firstAt = original.findExtension(publisherId);
        if (firstAt >= 0 && original.foundExtensionLength() == length) {
            assertEquals(firstAt, stampAt, "the stamp goes where receivers look, extension " + publisherId);
        }
        int at = rewritten.findExtension(ourId);
        assertEquals(stampAt, at, "what a receiver finds of extension " + publisherId + " is the stamped one");
        if (at >= 0) {
            assertEquals(length, rewritten.foundExtensionLength());
            assertArrayEquals(Arrays.copyOfRange(input, at, at + length), Arrays.copyOfRange(rewritten.buffer(), at,
                    at + length));
        }
    }

    /**
     * Packets of three simulcast layers in fuzzed order, switched to on keyframes as a consumer
     * does: our sequence numbers run on by one per packet sent (two after an unfinished frame at a
     * switch), a NACK for the newest of them finds the publisher's packet and layer, and the
     * picture id we write reads back from the copy.
     */
    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void projection(FuzzedDataProvider data) {
        StreamProjection projection = new StreamProjection(TRACK.ssrc());
        int[] nextSequence = {data.consumeInt(0, 0xFFFF), data.consumeInt(0, 0xFFFF), data.consumeInt(0, 0xFFFF)};
        int[] picture = {data.consumeInt(0, 0x7FFF), data.consumeInt(0, 0x7FFF), data.consumeInt(0, 0x7FFF)};
        long now = 0;
        int lastSent = -1;
        boolean lastMarker = true;
        int[] layerOut = new int[1];
        for (int step = 0; step < 64 && data.remainingBytes() > 0; step++) {
            int layer = data.consumeInt(0, 2);
            boolean keyframe = data.consumeBoolean();
            boolean marker = data.consumeBoolean();
            boolean drop = data.consumeBoolean();
            now += data.consumeInt(0, 100_000_000);
            int sequence = nextSequence[layer];
            nextSequence[layer] = (sequence + 1) & 0xFFFF;
            byte[] bytes = packet(sequence, 90 * (int) (now / 1_000_000), marker, picture[layer]);
            picture[layer] = (picture[layer] + (marker ? 1 : 0)) & 0x7FFF;
            RtpPacket packet = new RtpPacket();
            assertTrue(packet.wrap(bytes, 0, bytes.length));
            Vp8Descriptor vp8 = new Vp8Descriptor();
            assertTrue(vp8.read(bytes, packet.payloadOffset(), packet.payloadLength()));
            boolean switching = layer != projection.layer() && keyframe;
            if (layer != projection.layer() && !switching) {
                continue;
            }
            if (switching) {
                projection.switchTo(layer, packet, vp8, data.consumeBoolean() ? -1 : data.consumeLong(0, 0xFFFF_FFFFL),
                        90000, now);
            } else if (drop) {
                projection.skip(vp8);
                continue;
            }
            projection.project(packet, vp8, now);
            int ours = projection.sequence();
            if (lastSent >= 0) {
                int gap = switching && !lastMarker ? 2 : 1;
                assertEquals((lastSent + gap) & 0xFFFF, ours, "our sequence numbers run on without gaps");
            }
            lastSent = ours;
            lastMarker = marker;
            assertEquals(sequence, projection.recall(ours, layerOut), "a NACK finds the publisher's packet");
            assertEquals(layer, layerOut[0]);

            byte[] copy = bytes.clone();
            projection.write(copy, 0, packet, vp8, 0);
            RtpPacket written = new RtpPacket();
            assertTrue(written.wrap(copy, 0, copy.length));
            assertEquals(ours, written.sequenceNumber());
            assertEquals(TRACK.ssrc(), written.ssrc());
            Vp8Descriptor rewritten = new Vp8Descriptor();
            assertTrue(rewritten.read(copy, written.payloadOffset(), written.payloadLength()));
            assertEquals(vp8.temporalLayer(), rewritten.temporalLayer(), "only the picture id and TL0PICIDX change");
        }
    }

    /** A VP8 packet with a 15-bit picture id, TL0PICIDX and TID, and one byte of frame data. */
    private static byte[] packet(int sequence, long timestamp, boolean marker, int pictureId) {
        byte[] bytes = new byte[12 + 6];
        bytes[0] = (byte) 0x80;
        bytes[1] = (byte) ((marker ? 0x80 : 0) | 96);
        bytes[2] = (byte) (sequence >>> 8);
        bytes[3] = (byte) sequence;
        bytes[4] = (byte) (timestamp >>> 24);
        bytes[5] = (byte) (timestamp >>> 16);
        bytes[6] = (byte) (timestamp >>> 8);
        bytes[7] = (byte) timestamp;
        bytes[8] = 0x11;
        bytes[9] = 0x22;
        bytes[10] = 0x33;
        bytes[11] = 0x44;
        bytes[12] = (byte) 0x90;
        bytes[13] = (byte) 0xE0;
        Vp8Descriptor.writePictureId(bytes, 14, true, pictureId);
        bytes[16] = (byte) (pictureId & 0xFF);
        bytes[17] = 0x20;
        return bytes;
    }

    private static RtpCodec renumbered(RtpCodec codec, int payloadType) {
        String fmtp = codec.isRtx() ? "apt=98" : codec.fmtp();
        return new RtpCodec(payloadType, codec.name(), codec.clockRate(), codec.channels(), fmtp, codec.feedback());
    }
}

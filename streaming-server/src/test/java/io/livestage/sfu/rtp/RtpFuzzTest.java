package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * RTP from the network, fuzzed: the packet view, its header extension lookup, the in-place header
 * setters, the VP8 descriptor and both keyframe detectors. Every read stays inside the packet (the
 * bytes are given in an array of exactly their length, so a read past them throws), the view says
 * the same wherever the packet sits in a buffer, setters change only their field, and a picture id
 * written through the descriptor reads back.
 */
class RtpFuzzTest {
    private static final int GUARD = 7;

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void packet(byte[] input) {
        byte[] exact = input.clone();
        RtpPacket packet = new RtpPacket();
        boolean valid = packet.wrap(exact, 0, exact.length);

        byte[] framed = new byte[input.length + 2 * GUARD];
        Arrays.fill(framed, (byte) 0x5A);
        System.arraycopy(input, 0, framed, GUARD, input.length);
        RtpPacket shifted = new RtpPacket();
        assertEquals(valid, shifted.wrap(framed, GUARD, input.length), "validity depends on the offset");
        if (!valid) {
            assertFalse(packet.isValid());
            return;
        }
        assertEquals(2, packet.version());
        int header = packet.headerLength();
        assertTrue(header >= RtpPacket.FIXED_HEADER_LENGTH + 4 * packet.csrcCount());
        assertTrue(packet.payloadLength() >= 0);
        assertEquals(exact.length, header + packet.payloadLength() + packet.paddingLength());
        assertEquals(packet.hasPadding(), packet.paddingLength() > 0);
        for (int i = 0; i < packet.csrcCount(); i++) {
            assertEquals(packet.csrc(i), shifted.csrc(i));
        }
        assertEquals(header, shifted.headerLength());
        assertEquals(packet.paddingLength(), shifted.paddingLength());
        assertEquals(packet.extensionProfile(), shifted.extensionProfile());

        int extensionStart = RtpPacket.FIXED_HEADER_LENGTH + 4 * packet.csrcCount() + 4;
        for (int id = 0; id < 256; id++) {
            int extension = id;
            int at = packet.findExtension(id);
            int length = packet.foundExtensionLength();
            int shiftedAt = shifted.findExtension(id);
            assertEquals(at < 0 ? -1 : at + GUARD, shiftedAt, () -> "extension " + extension);
            if (at >= 0) {
                assertTrue(packet.hasExtension());
                assertTrue(at >= extensionStart && at + length <= header, () -> "extension " + extension + " outside its block");
                assertTrue(length >= 1 || (packet.extensionProfile() & 0xFFF0) == RtpPacket.TWO_BYTE_EXTENSION_PROFILE);
                assertEquals(length, shifted.foundExtensionLength());
            }
        }

        readPayload(exact, packet.payloadOffset(), packet.payloadLength());
        checkSetters(exact, packet, input);
    }

    /** The setters touch their field alone, and the packet stays the same shape. */
    private static void checkSetters(byte[] buf, RtpPacket packet, byte[] original) {
        int payloadType = (packet.payloadType() * 31 + 7) & 0x7F;
        int sequence = (packet.sequenceNumber() + 12_345) & 0xFFFF;
        long timestamp = (packet.timestamp() + 3_000_000_000L) & 0xFFFF_FFFFL;
        long ssrc = packet.ssrc() ^ 0xDEAD_BEEFL;
        boolean marker = !packet.marker();
        packet.setPayloadType(payloadType);
        packet.setSequenceNumber(sequence);
        packet.setTimestamp(timestamp);
        packet.setSsrc(ssrc);
        packet.setMarker(marker);
        assertEquals(payloadType, packet.payloadType());
        assertEquals(sequence, packet.sequenceNumber());
        assertEquals(timestamp, packet.timestamp());
        assertEquals(ssrc, packet.ssrc());
        assertEquals(marker, packet.marker());
        assertEquals(original[0], buf[0], "version, padding, extension and CSRC count are untouched");
        assertArrayEquals(Arrays.copyOfRange(original, RtpPacket.FIXED_HEADER_LENGTH, original.length),
                Arrays.copyOfRange(buf, RtpPacket.FIXED_HEADER_LENGTH, buf.length), "only the fixed header changes");
        RtpPacket again = new RtpPacket();
        assertTrue(again.wrap(buf, 0, buf.length));
        assertEquals(packet.headerLength(), again.headerLength());
    }

    /**
     * The payload as VP8 and as H.264, each read from an array holding just the payload. A VP8
     * keyframe is a frame start by the descriptor too; a picture id written in place reads back
     * and changes nothing else the descriptor says.
     */
    private static void readPayload(byte[] packet, int offset, int length) {
        byte[] payload = Arrays.copyOfRange(packet, offset, offset + length);
        H264Payload.isKeyframe(payload, 0, payload.length);
        Vp8Descriptor vp8 = new Vp8Descriptor();
        boolean valid = vp8.read(payload, 0, payload.length);
        boolean keyframe = Vp8Payload.isKeyframe(payload, 0, payload.length);
        assertTrue(!keyframe || (valid && vp8.frameStart()), "a keyframe that does not start a frame");
        if (!valid) {
            return;
        }
        if (vp8.pictureIdAt() != Vp8Descriptor.ABSENT) {
            int at = vp8.pictureIdAt();
            int width = vp8.longPictureId() ? 2 : 1;
            assertTrue(at >= 0 && at + width <= payload.length);
            int written = (vp8.pictureId() + 4321) & (vp8.longPictureId() ? 0x7FFF : 0x7F);
            int tl0 = vp8.tl0PicIdx();
            int temporal = vp8.temporalLayer();
            boolean sync = vp8.layerSync();
            Vp8Descriptor.writePictureId(payload, at, vp8.longPictureId(), written);
            Vp8Descriptor reread = new Vp8Descriptor();
            assertTrue(reread.read(payload, 0, payload.length));
            assertEquals(written, reread.pictureId());
            assertEquals(at, reread.pictureIdAt());
            assertEquals(tl0, reread.tl0PicIdx());
            assertEquals(temporal, reread.temporalLayer());
            assertEquals(sync, reread.layerSync());
        }
        if (vp8.tl0PicIdxAt() != Vp8Descriptor.ABSENT) {
            assertTrue(vp8.tl0PicIdxAt() < payload.length);
        }
    }
}

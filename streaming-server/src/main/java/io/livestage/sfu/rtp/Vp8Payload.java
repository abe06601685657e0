package io.livestage.sfu.rtp;

/** Reads the VP8 RTP payload descriptor (RFC 7741 section 4.2) to spot keyframes. */
public final class Vp8Payload {

    private Vp8Payload() {
    }

    /**
     * True when this payload begins a VP8 keyframe: the descriptor's S bit is set with partition
     * index 0, the frame tag's P bit is 0 (RFC 7741 section 4.3) and the keyframe start code
     * {@code 9d 01 2a} follows (RFC 6386 section 9.1).
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int p = Vp8Descriptor.payloadHeaderAt(buf, off, len);
        if (p < 0 || (buf[off] & 0x10) == 0 || (buf[off] & 0x07) != 0 || off + len - p < 6) {
            return false;
        }
        return (buf[p] & 0x01) == 0
                && (buf[p + 3] & 0xFF) == 0x9D && (buf[p + 4] & 0xFF) == 0x01 && (buf[p + 5] & 0xFF) == 0x2A;
    }
}

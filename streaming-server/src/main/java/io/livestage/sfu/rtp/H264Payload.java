package io.livestage.sfu.rtp;

/** Reads H.264 RTP payloads (RFC 6184) to spot keyframes. */
public final class H264Payload {

    static final int NAL_IDR = 5;
    static final int NAL_STAP_A = 24;
    static final int NAL_FU_A = 28;

    private H264Payload() {
    }

    /**
     * True when this payload carries the start of an IDR slice: a single IDR NAL unit, a STAP-A
     * aggregating one, or the first fragment (S bit) of an FU-A whose original type is IDR.
     * A keyframe split into several slices starts several times, so count keyframes by distinct
     * RTP timestamp.
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        if (!NetworkOrder.inBounds(buf, off, len) || len < 1) {
            return false;
        }
        int type = buf[off] & 0x1F;
        if (type == NAL_STAP_A) {
            return stapContainsIdr(buf, off + 1, off + len);
        }
        if (type == NAL_FU_A) {
            if (len < 2) {
                return false;
            }
            int fuHeader = buf[off + 1] & 0xFF;
            return (fuHeader & 0x80) != 0 && (fuHeader & 0x1F) == NAL_IDR;
        }
        return type == NAL_IDR;
    }

    private static boolean stapContainsIdr(byte[] buf, int p, int end) {
        while (end - p >= 3) {
            int size = NetworkOrder.uint16(buf, p);
            p += 2;
            if (size == 0 || size > end - p) {
                return false;
            }
            if ((buf[p] & 0x1F) == NAL_IDR) {
                return true;
            }
            p += size;
        }
        return false;
    }
}

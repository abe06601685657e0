package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/**
 * Receiver estimated maximum bitrate, REMB (draft-alvestrand-rmcat-remb): application-layer
 * feedback carrying "REMB", a bitrate as 6-bit exponent and 18-bit mantissa, and the SSRCs it
 * applies to.
 */
public final class Remb extends RtcpFeedbackPacket {

    private static final int IDENTIFIER = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';
    private static final int SSRCS_OFFSET = 20;

    Remb() {
    }

    static boolean hasIdentifier(byte[] buf, int off, int len) {
        return len >= FCI_OFFSET + 4 && NetworkOrder.int32(buf, off + FCI_OFFSET) == IDENTIFIER;
    }

    boolean wrap(byte[] buf, int off, int len) {
        if (len < SSRCS_OFFSET || !hasIdentifier(buf, off, len)) {
            return false;
        }
        int count = buf[off + 16] & 0xFF;
        return len >= SSRCS_OFFSET + 4 * count && wrapFeedback(buf, off, len, 8);
    }

    /** The estimate in bits per second; saturates at {@link Long#MAX_VALUE}. */
    public long bitrate() {
        int exponent = (buf[off + 17] & 0xFF) >>> 2;
        long mantissa = NetworkOrder.uint24(buf, off + 17) & 0x3FFFF;
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exponent;
    }

    public int ssrcCount() {
        return buf[off + 16] & 0xFF;
    }

    public long ssrc(int i) {
        return NetworkOrder.uint32(buf, off + SSRCS_OFFSET + 4 * Objects.checkIndex(i, ssrcCount()));
    }
}

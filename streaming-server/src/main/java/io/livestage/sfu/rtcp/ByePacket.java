package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/** A goodbye, BYE (RFC 3550 section 6.6): the leaving sources and an optional reason. */
public final class ByePacket {

    private byte[] buf;
    private int off;
    private int count;
    private int reasonOffset;
    private int reasonLength;

    ByePacket() {
    }

    boolean wrap(byte[] buf, int off, int len, int count) {
        int reasonAt = 4 + 4 * count;
        if (len < reasonAt) {
            return false;
        }
        int reasonOff = -1;
        int reasonLen = 0;
        if (len > reasonAt) {
            reasonLen = buf[off + reasonAt] & 0xFF;
            if (reasonLen > len - reasonAt - 1) {
                return false;
            }
            reasonOff = off + reasonAt + 1;
        }
        this.buf = buf;
        this.off = off;
        this.count = count;
        this.reasonOffset = reasonOff;
        this.reasonLength = reasonLen;
        return true;
    }

    public int ssrcCount() {
        return count;
    }

    public long ssrc(int i) {
        return NetworkOrder.uint32(buf, off + 4 + 4 * Objects.checkIndex(i, count));
    }

    /** Absolute offset of the reason text, or -1 when none was given. */
    public int reasonOffset() {
        return reasonOffset;
    }

    public int reasonLength() {
        return reasonLength;
    }
}

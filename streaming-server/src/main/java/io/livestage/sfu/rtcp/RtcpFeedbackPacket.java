package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/** The common part of RFC 4585 feedback messages: sender SSRC, media source SSRC, then FCI. */
public abstract class RtcpFeedbackPacket {

    static final int FCI_OFFSET = 12;

    byte[] buf;
    int off;
    int len;

    boolean wrapFeedback(byte[] buf, int off, int len, int minFciLength) {
        if (len < FCI_OFFSET + minFciLength) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        return true;
    }

    /** The SSRC of the packet's sender. */
    public long senderSsrc() {
        return NetworkOrder.uint32(buf, off + 4);
    }

    /** The SSRC the feedback is about (0 for FIR and REMB, which name theirs in the FCI). */
    public long mediaSsrc() {
        return NetworkOrder.uint32(buf, off + 8);
    }
}

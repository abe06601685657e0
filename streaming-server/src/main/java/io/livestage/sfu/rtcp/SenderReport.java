package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/** A sender report, SR (RFC 3550 section 6.4.1): sender info plus report blocks. */
public final class SenderReport extends RtcpReportPacket {

    static final int SENDER_INFO_END = 28;

    SenderReport() {
    }

    boolean wrap(byte[] buf, int off, int len, int count) {
        return wrapBlocks(buf, off, len, SENDER_INFO_END, count);
    }

    /** The 64-bit NTP timestamp (32.32 fixed point seconds since 1900). */
    public long ntpTimestamp() {
        return NetworkOrder.int64(buf, off + 8);
    }

    /** The middle 32 bits of {@link #ntpTimestamp()}, echoed as LSR in report blocks. */
    public long compactNtpTimestamp() {
        return (ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
    }

    public long rtpTimestamp() {
        return NetworkOrder.uint32(buf, off + 16);
    }

    public long senderPacketCount() {
        return NetworkOrder.uint32(buf, off + 20);
    }

    public long senderOctetCount() {
        return NetworkOrder.uint32(buf, off + 24);
    }
}

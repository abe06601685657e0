package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Writes the feedback the SFU sends: generic NACK toward publishers and subscribers' senders, PLI,
 * FIR and REMB toward publishers. Each method returns the number of bytes written, or -1 when
 * {@code dst} has no room or there is nothing to say (then nothing is written).
 */
public final class RtcpFeedbackWriter {

    public static final int PLI_LENGTH = 12;
    public static final int FIR_LENGTH = 20;
    public static final int REMB_HEADER_LENGTH = 20;

    private static final int REMB_IDENTIFIER = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';
    private static final int REMB_MANTISSA_BITS = 18;

    private RtcpFeedbackWriter() {
    }

    /**
     * A generic NACK for {@code count} sequence numbers from {@code lost}, in ascending order
     * (modulo 2^16); each run of up to 17 becomes one PID+BLP entry.
     */
    public static int writeNack(byte[] dst, int off, long senderSsrc, long mediaSsrc, int[] lost, int count) {
        if (count <= 0 || count > lost.length) {
            return -1;
        }
        int total = RtcpFeedbackPacket.FCI_OFFSET + GenericNack.ENTRY_LENGTH * countEntries(lost, count);
        if (total / 4 - 1 > 0xFFFF || !NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpReportWriter.writeHeader(dst, off, RtcpPacketType.FMT_NACK, RtcpPacketType.RTPFB, total);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putUint32(dst, off + 8, mediaSsrc);
        int p = off + RtcpFeedbackPacket.FCI_OFFSET;
        int pid = lost[0] & 0xFFFF;
        int blp = 0;
        for (int i = 1; i < count; i++) {
            int distance = (lost[i] - pid) & 0xFFFF;
            if (distance == 0) {
                continue;
            }
            if (distance <= 16) {
                blp |= 1 << (distance - 1);
            } else {
                p = putEntry(dst, p, pid, blp);
                pid = lost[i] & 0xFFFF;
                blp = 0;
            }
        }
        putEntry(dst, p, pid, blp);
        return total;
    }

    private static int countEntries(int[] lost, int count) {
        int entries = 1;
        int pid = lost[0] & 0xFFFF;
        for (int i = 1; i < count; i++) {
            int distance = (lost[i] - pid) & 0xFFFF;
            if (distance > 16) {
                entries++;
                pid = lost[i] & 0xFFFF;
            }
        }
        return entries;
    }

    private static int putEntry(byte[] dst, int p, int pid, int blp) {
        NetworkOrder.putUint16(dst, p, pid);
        NetworkOrder.putUint16(dst, p + 2, blp);
        return p + GenericNack.ENTRY_LENGTH;
    }

    /** A picture loss indication asking {@code mediaSsrc} for a keyframe. */
    public static int writePli(byte[] dst, int off, long senderSsrc, long mediaSsrc) {
        if (!NetworkOrder.inBounds(dst, off, PLI_LENGTH)) {
            return -1;
        }
        RtcpReportWriter.writeHeader(dst, off, RtcpPacketType.FMT_PLI, RtcpPacketType.PSFB, PLI_LENGTH);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putUint32(dst, off + 8, mediaSsrc);
        return PLI_LENGTH;
    }

    /**
     * A full intra request for {@code mediaSsrc}. The header's media SSRC is 0 and the target goes
     * in the FCI (RFC 5104 section 4.3.1.2); increment {@code sequenceNumber} for each new request.
     */
    public static int writeFir(byte[] dst, int off, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        if (!NetworkOrder.inBounds(dst, off, FIR_LENGTH)) {
            return -1;
        }
        RtcpReportWriter.writeHeader(dst, off, RtcpPacketType.FMT_FIR, RtcpPacketType.PSFB, FIR_LENGTH);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putUint32(dst, off + 8, 0);
        NetworkOrder.putUint32(dst, off + 12, mediaSsrc);
        dst[off + 16] = (byte) sequenceNumber;
        dst[off + 17] = 0;
        dst[off + 18] = 0;
        dst[off + 19] = 0;
        return FIR_LENGTH;
    }

    /**
     * A receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb) for the first
     * {@code count} (1..255) of {@code ssrcs}. The bitrate travels as an 18-bit mantissa shifted by
     * a 6-bit exponent; the smallest exponent that holds it keeps the most precision, so what
     * arrives is {@code bitrateBps} rounded down to 18 significant bits.
     */
    public static int writeRemb(byte[] dst, int off, long senderSsrc, long bitrateBps, long[] ssrcs, int count) {
        if (bitrateBps < 0 || count <= 0 || count > 0xFF || count > ssrcs.length) {
            return -1;
        }
        int total = REMB_HEADER_LENGTH + 4 * count;
        if (!NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        int exponent = Math.max(0, 64 - Long.numberOfLeadingZeros(bitrateBps) - REMB_MANTISSA_BITS);
        int mantissa = (int) (bitrateBps >>> exponent);
        RtcpReportWriter.writeHeader(dst, off, RtcpPacketType.FMT_AFB, RtcpPacketType.PSFB, total);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putUint32(dst, off + 8, 0);
        NetworkOrder.putUint32(dst, off + 12, REMB_IDENTIFIER);
        dst[off + 16] = (byte) count;
        NetworkOrder.putUint24(dst, off + 17, (exponent << REMB_MANTISSA_BITS) | mantissa);
        for (int i = 0; i < count; i++) {
            NetworkOrder.putUint32(dst, off + REMB_HEADER_LENGTH + 4 * i, ssrcs[i]);
        }
        return total;
    }
}

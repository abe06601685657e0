package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpReceiveStats;

/**
 * Writes sender and receiver reports (RFC 3550 section 6.4) into a caller's {@code byte[]}.
 *
 * <p>Write the report header with the number of blocks that follow, then each block. Every method
 * returns the number of bytes written, or -1 when {@code dst} has no room (nothing is written
 * then), so a full buffer is an ordinary outcome rather than an exception on the media path.
 */
public final class RtcpReportWriter {

    public static final int RECEIVER_REPORT_HEADER_LENGTH = 8;
    public static final int SENDER_REPORT_HEADER_LENGTH = SenderReport.SENDER_INFO_END;
    public static final int REPORT_BLOCK_LENGTH = RtcpReportPacket.REPORT_BLOCK_LENGTH;
    private static final int MAX_BLOCKS = 31;

    private RtcpReportWriter() {
    }

    /** An RR header announcing {@code blockCount} report blocks (0..31), which must follow. */
    public static int writeReceiverReport(byte[] dst, int off, long senderSsrc, int blockCount) {
        int total = RECEIVER_REPORT_HEADER_LENGTH + blockCount * REPORT_BLOCK_LENGTH;
        if (blockCount < 0 || blockCount > MAX_BLOCKS || !NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        writeHeader(dst, off, blockCount, RtcpPacketType.RR, total);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        return RECEIVER_REPORT_HEADER_LENGTH;
    }

    /** An SR header and sender info announcing {@code blockCount} report blocks, which must follow. */
    public static int writeSenderReport(byte[] dst, int off, long senderSsrc, long ntpTimestamp,
            long rtpTimestamp, long packetCount, long octetCount, int blockCount) {
        int total = SENDER_REPORT_HEADER_LENGTH + blockCount * REPORT_BLOCK_LENGTH;
        if (blockCount < 0 || blockCount > MAX_BLOCKS || !NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        writeHeader(dst, off, blockCount, RtcpPacketType.SR, total);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putInt64(dst, off + 8, ntpTimestamp);
        NetworkOrder.putUint32(dst, off + 16, rtpTimestamp);
        NetworkOrder.putUint32(dst, off + 20, packetCount);
        NetworkOrder.putUint32(dst, off + 24, octetCount);
        return SENDER_REPORT_HEADER_LENGTH;
    }

    /**
     * One report block.
     *
     * @param fractionLost 1/256 units, 0..255
     * @param cumulativeLost clamped to the signed 24-bit range
     * @param lastSenderReport middle 32 bits of the last SR's NTP time, 0 if none yet
     * @param delaySinceLastSenderReport in 1/65536 s, 0 if no SR yet
     */
    public static int writeReportBlock(byte[] dst, int off, long sourceSsrc, int fractionLost,
            int cumulativeLost, long extendedHighestSequence, long jitter, long lastSenderReport,
            long delaySinceLastSenderReport) {
        if (!NetworkOrder.inBounds(dst, off, REPORT_BLOCK_LENGTH)) {
            return -1;
        }
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost));
        NetworkOrder.putUint32(dst, off, sourceSsrc);
        dst[off + 4] = (byte) Math.max(0, Math.min(255, fractionLost));
        NetworkOrder.putUint24(dst, off + 5, lost);
        NetworkOrder.putUint32(dst, off + 8, extendedHighestSequence);
        NetworkOrder.putUint32(dst, off + 12, jitter);
        NetworkOrder.putUint32(dst, off + 16, lastSenderReport);
        NetworkOrder.putUint32(dst, off + 20, delaySinceLastSenderReport);
        return REPORT_BLOCK_LENGTH;
    }

    /**
     * One report block from a stream's receive statistics. Closes the statistics' report interval
     * (fraction lost), so call it once per report sent.
     */
    public static int writeReportBlock(byte[] dst, int off, long sourceSsrc, RtpReceiveStats stats,
            long lastSenderReport, long delaySinceLastSenderReport) {
        if (!NetworkOrder.inBounds(dst, off, REPORT_BLOCK_LENGTH)) {
            return -1;
        }
        return writeReportBlock(dst, off, sourceSsrc, stats.closeReportInterval(), stats.cumulativeLost(),
                stats.extendedHighestSequence(), stats.jitter(), lastSenderReport, delaySinceLastSenderReport);
    }

    static void writeHeader(byte[] dst, int off, int countOrFormat, int packetType, int totalLength) {
        dst[off] = (byte) (0x80 | countOrFormat);
        dst[off + 1] = (byte) packetType;
        NetworkOrder.putUint16(dst, off + 2, totalLength / 4 - 1);
    }
}

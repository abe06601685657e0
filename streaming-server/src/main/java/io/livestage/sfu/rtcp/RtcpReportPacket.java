package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/** The report blocks shared by sender and receiver reports (RFC 3550 section 6.4.1). */
public abstract class RtcpReportPacket {

    static final int REPORT_BLOCK_LENGTH = 24;

    byte[] buf;
    int off;
    private int blocksOffset;
    private int blockCount;

    boolean wrapBlocks(byte[] buf, int off, int len, int blocksAt, int count) {
        if (len < blocksAt + count * REPORT_BLOCK_LENGTH) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.blocksOffset = off + blocksAt;
        this.blockCount = count;
        return true;
    }

    public long senderSsrc() {
        return NetworkOrder.uint32(buf, off + 4);
    }

    public int reportBlockCount() {
        return blockCount;
    }

    /** The SSRC of the source block {@code i} reports on. */
    public long blockSsrc(int i) {
        return NetworkOrder.uint32(buf, block(i));
    }

    /** Fraction lost in 1/256 units. */
    public int blockFractionLost(int i) {
        return buf[block(i) + 4] & 0xFF;
    }

    /** Cumulative packets lost, signed 24-bit. */
    public int blockCumulativeLost(int i) {
        return NetworkOrder.int24(buf, block(i) + 5);
    }

    public long blockExtendedHighestSequence(int i) {
        return NetworkOrder.uint32(buf, block(i) + 8);
    }

    /** Interarrival jitter in RTP clock units. */
    public long blockJitter(int i) {
        return NetworkOrder.uint32(buf, block(i) + 12);
    }

    /** Middle 32 bits of the NTP timestamp of the last SR received (LSR). */
    public long blockLastSenderReport(int i) {
        return NetworkOrder.uint32(buf, block(i) + 16);
    }

    /** Delay since that SR in 1/65536 seconds (DLSR). */
    public long blockDelaySinceLastSenderReport(int i) {
        return NetworkOrder.uint32(buf, block(i) + 20);
    }

    private int block(int i) {
        return blocksOffset + Objects.checkIndex(i, blockCount) * REPORT_BLOCK_LENGTH;
    }
}

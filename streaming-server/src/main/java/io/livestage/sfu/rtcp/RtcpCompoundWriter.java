package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.RtpReceiveStats;

/**
 * Assembles the compound RTCP packets the SFU sends on its own behalf (RFC 3550 section 6.1): a
 * report first, then an SDES with our CNAME.
 *
 * <ul>
 *   <li>To a publisher, for its tracks: {@link #receiverReport} announcing one block per track,
 *       {@link #reportBlock} for each (receive statistics plus LSR/DLSR from the track's last
 *       sender report), then {@link #sdesCname}.
 *   <li>To a subscriber, per outgoing SSRC: {@link #senderReport} (our NTP time, the RTP timestamp
 *       from {@link ReceivedSenderReport#rtpTimestampAt}, what we sent), then {@link #sdesCname}.
 * </ul>
 *
 * <p>Steps never throw on a full buffer or a misordered call; {@link #finish()} then says -1 and
 * the packet must not be sent. Reusable (call {@link #begin} for each packet) and allocation-free.
 * Not thread-safe: one writer per event loop.
 */
public final class RtcpCompoundWriter {

    private byte[] dst;
    private int start;
    private int position;
    private int blocksOwed;
    private boolean reported;
    private boolean described;
    private boolean failed = true;

    /** Starts a compound packet at {@code dst[off]}. */
    public void begin(byte[] dst, int off) {
        this.dst = dst;
        this.start = off;
        this.position = off;
        this.blocksOwed = 0;
        this.reported = false;
        this.described = false;
        this.failed = false;
    }

    /** An RR from {@code reporterSsrc}; exactly {@code blockCount} {@link #reportBlock} calls follow. */
    public void receiverReport(long reporterSsrc, int blockCount) {
        if (readyForPacket()) {
            advance(RtcpReportWriter.writeReceiverReport(dst, position, reporterSsrc, blockCount));
            startBlocks(blockCount);
        }
    }

    /**
     * An SR from {@code ssrc}; exactly {@code blockCount} {@link #reportBlock} calls follow.
     *
     * @param octetCount payload octets sent, without headers or padding (RFC 3550 section 6.4.1)
     */
    public void senderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
            int blockCount) {
        if (readyForPacket()) {
            advance(RtcpReportWriter.writeSenderReport(dst, position, ssrc, ntpTimestamp, rtpTimestamp, packetCount,
                    octetCount, blockCount));
            startBlocks(blockCount);
        }
    }

    /**
     * A report block about {@code sourceSsrc}. Closes the statistics' report interval (fraction
     * lost), so each stream goes in one report per reporting period.
     */
    public void reportBlock(long sourceSsrc, RtpReceiveStats stats, ReceivedSenderReport lastSenderReport,
            long nowNanos) {
        if (failed || blocksOwed == 0) {
            failed = true;
            return;
        }
        advance(RtcpReportWriter.writeReportBlock(dst, position, sourceSsrc, stats,
                lastSenderReport.lastSenderReport(), lastSenderReport.delaySinceLastSenderReport(nowNanos)));
        blocksOwed--;
    }

    /** The SDES CNAME chunk for {@code ssrc}; the CNAME as UTF-8 bytes, prepared once per transport. */
    public void sdesCname(long ssrc, byte[] cname) {
        if (failed || !reported || blocksOwed != 0) {
            failed = true;
            return;
        }
        advance(RtcpSdesWriter.writeCname(dst, position, ssrc, cname));
        described = true;
    }

    /** The compound's length, or -1 when a step failed or a report or its CNAME is missing. */
    public int finish() {
        boolean complete = !failed && reported && described && blocksOwed == 0;
        failed = true;
        return complete ? position - start : -1;
    }

    private boolean readyForPacket() {
        if (failed || blocksOwed != 0) {
            failed = true;
            return false;
        }
        return true;
    }

    private void startBlocks(int blockCount) {
        if (!failed) {
            blocksOwed = blockCount;
            reported = true;
        }
    }

    private void advance(int written) {
        if (written < 0) {
            failed = true;
        } else {
            position += written;
        }
    }
}

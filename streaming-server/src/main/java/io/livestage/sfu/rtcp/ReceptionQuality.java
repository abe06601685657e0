package io.livestage.sfu.rtcp;

/**
 * How one remote receiver (a subscriber) is doing, from the report blocks it sends about the
 * streams we send it: round-trip time and loss, latest and smoothed, for metrics and for sizing
 * the NACK hold-off.
 *
 * <p>Feed it only blocks about our own outgoing SSRCs for this subscriber. Not thread-safe: owned
 * by the subscriber's transport, on its event loop.
 */
public final class ReceptionQuality {

    private static final int SMOOTHING_SHIFT = 3;
    /** Fraction lost is kept scaled by 2^8 beyond its 1/256 units, so smoothing keeps precision. */
    private static final int FRACTION_SCALE_SHIFT = 8;

    private final RoundTripTime roundTripTime = new RoundTripTime();
    private int latestFractionLost;
    private long smoothedFractionLostScaled = -1;
    private long reportBlocks;

    /** Takes block {@code block} of a received SR or RR that arrived at our NTP time {@code arrivalNtp}. */
    public void onReportBlock(RtcpReportPacket report, int block, long arrivalNtp) {
        onReportBlock(report.blockFractionLost(block), report.blockLastSenderReport(block),
                report.blockDelaySinceLastSenderReport(block), arrivalNtp);
    }

    /** As {@link #onReportBlock(RtcpReportPacket, int, long)}, from the block's fields. */
    public void onReportBlock(int fractionLost, long lastSenderReport, long delaySinceLastSenderReport,
            long arrivalNtp) {
        reportBlocks++;
        latestFractionLost = fractionLost & 0xFF;
        long scaled = (long) latestFractionLost << FRACTION_SCALE_SHIFT;
        smoothedFractionLostScaled = smoothedFractionLostScaled < 0
                ? scaled
                : smoothedFractionLostScaled + ((scaled - smoothedFractionLostScaled) >> SMOOTHING_SHIFT);
        roundTripTime.onReportBlock(arrivalNtp, lastSenderReport, delaySinceLastSenderReport);
    }

    public RoundTripTime roundTripTime() {
        return roundTripTime;
    }

    /** Fraction lost of the last block, in 1/256 units. */
    public int latestFractionLost() {
        return latestFractionLost;
    }

    /** Smoothed fraction of packets lost, 0..1; 0 before any block. */
    public double smoothedLossRatio() {
        return smoothedFractionLostScaled < 0 ? 0 : smoothedFractionLostScaled / (double) (256 << FRACTION_SCALE_SHIFT);
    }

    public long reportBlocks() {
        return reportBlocks;
    }
}

package io.livestage.sfu.cc;

/**
 * The delay-based half of the estimator's input: received packets, in the order feedback reports
 * them, grouped by send time into {@link #GROUP_SPAN_MICROS} groups (a video frame's packets leave
 * the pacer together; their individual spacing says little about the path), each group's delay
 * variation against the previous one fed to a {@link DelayTrend} and its modified trend to an
 * {@link OveruseDetector}.
 *
 * <p>A group is the first packet sent at or after the previous group ended and everything sent
 * within 5 ms of it; it completes when a later packet starts the next one. A packet sent before
 * the open group began (it overtook others, or was reported late) is left out. Not thread-safe:
 * the feedback thread's.
 */
final class GroupDelayDetector {

    static final long GROUP_SPAN_MICROS = 5_000;
    /** The slope is multiplied by the number of samples, up to this many, so that a young trend counts less. */
    private static final int MAX_TREND_SAMPLES = 60;
    /** draft-ietf-rmcat-gcc's trendline gain: scales the slope to milliseconds comparable to the threshold. */
    private static final double TREND_GAIN = 4;

    private final DelayTrend trend = new DelayTrend();
    private final OveruseDetector detector = new OveruseDetector();
    private boolean open;
    private long groupFirstSendMicros;
    private long groupLastSendMicros;
    private long groupLastArrivalMicros;
    private long previousGroupSendMicros;

    void add(long sendMicros, long arrivalMicros) {
        if (!open) {
            open = true;
            startGroup(sendMicros, arrivalMicros);
        } else if (sendMicros < groupFirstSendMicros) {
            return;
        } else if (sendMicros - groupFirstSendMicros <= GROUP_SPAN_MICROS) {
            groupLastSendMicros = Math.max(groupLastSendMicros, sendMicros);
            groupLastArrivalMicros = Math.max(groupLastArrivalMicros, arrivalMicros);
        } else {
            completeGroup();
            startGroup(sendMicros, arrivalMicros);
        }
    }

    BandwidthUsage usage() {
        return detector.usage();
    }

    private void startGroup(long sendMicros, long arrivalMicros) {
        groupFirstSendMicros = sendMicros;
        groupLastSendMicros = sendMicros;
        groupLastArrivalMicros = arrivalMicros;
    }

    private void completeGroup() {
        trend.add(groupLastSendMicros, groupLastArrivalMicros);
        long deltas = trend.samples() - 1;
        if (deltas > 0) {
            double modifiedTrend = Math.min(deltas, MAX_TREND_SAMPLES) * trend.slope() * TREND_GAIN;
            detector.detect(modifiedTrend, groupLastSendMicros - previousGroupSendMicros, groupLastArrivalMicros);
        }
        previousGroupSendMicros = groupLastSendMicros;
    }
}

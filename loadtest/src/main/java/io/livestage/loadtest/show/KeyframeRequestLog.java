package io.livestage.loadtest.show;

import io.livestage.loadtest.metrics.ServerFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyframe requests (PLIs, FIRs) that reached the publisher, per video stream (a simulcast
 * layer each, lowest first, or the one stream), from running totals sampled about once a second.
 * A phase of the run (the join ramp, the warm-up, the timed window) is read between two samples:
 * requests per stream, their mean rate, and the most that came in one sampling interval (divided
 * by at least one second, so two samples close together cannot make a peak). Samples come from the
 * control thread and the scenario's thread, in time order.
 */
final class KeyframeRequestLog {

    private static final double MIN_INTERVAL_SECONDS = 1.0;

    /**
     * One phase's figures.
     *
     * @param requests       per stream, requests that reached the publisher
     * @param peakPerSecond  per stream, the most requests in one sampling interval per second of it
     * @param serverRequests keyframe requests the server sent to publishers, or -1 without its figures
     * @param serverWanted   keyframes the server's subscribers and layer switches asked for before
     *                       merging, or -1 without its figures
     */
    record Phase(String name, double seconds, long[] requests, double[] peakPerSecond, long serverRequests,
            long serverWanted) {

        double perSecond(int stream) {
            return seconds > 0 ? requests[stream] / seconds : 0;
        }
    }

    private final int streams;
    private final List<Long> times = new ArrayList<>();
    private final List<long[]> totals = new ArrayList<>();

    /** @param streams how many counts each sample has (the video streams, and those naming none) */
    KeyframeRequestLog(int streams) {
        this.streams = streams;
    }

    /**
     * Records the running totals per stream at {@code nanos}; counts missing from the end of
     * {@code counts} are 0.
     *
     * @return the sample's index, for {@link #phase}
     */
    synchronized int sample(long nanos, long[] counts) {
        long[] copy = new long[streams];
        System.arraycopy(counts, 0, copy, 0, Math.min(streams, counts.length));
        times.add(nanos);
        totals.add(copy);
        return times.size() - 1;
    }

    /** The figures between samples {@code from} and {@code to}, with the server's counters at both ends (or null). */
    synchronized Phase phase(String name, int from, int to, ServerFigures serverFrom, ServerFigures serverTo) {
        double seconds = (times.get(to) - times.get(from)) / 1e9;
        long[] requests = new long[streams];
        double[] peak = new double[streams];
        for (int s = 0; s < streams; s++) {
            requests[s] = totals.get(to)[s] - totals.get(from)[s];
        }
        for (int i = from + 1; i <= to; i++) {
            double interval = Math.max(MIN_INTERVAL_SECONDS, (times.get(i) - times.get(i - 1)) / 1e9);
            for (int s = 0; s < streams; s++) {
                peak[s] = Math.max(peak[s], (totals.get(i)[s] - totals.get(i - 1)[s]) / interval);
            }
        }
        boolean server = serverFrom != null && serverTo != null && serverFrom.keyframeRequests() >= 0
                && serverTo.keyframeRequests() >= 0;
        return new Phase(name, seconds, requests, peak,
                server ? serverTo.keyframeRequests() - serverFrom.keyframeRequests() : -1,
                server ? serverTo.keyframesWanted() - serverFrom.keyframesWanted() : -1);
    }
}

package io.livestage.loadtest.scenario;

import org.HdrHistogram.Histogram;

/** Fan-out latency percentiles, in microseconds. */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max) {

    public static LatencySummary of(Histogram micros) {
        return new LatencySummary(micros.getTotalCount(),
                micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
                micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9), micros.getMaxValue());
    }

    /** Microseconds as milliseconds with two decimals, for people. */
    public static String millis(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }
}

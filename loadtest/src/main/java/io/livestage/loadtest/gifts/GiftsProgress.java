package io.livestage.loadtest.gifts;

import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Prints one progress line a second, with the p99 of that second's timed deliveries. */
final class GiftsProgress {

    private final PrintStream out;
    private final GiftCounters counters;
    private final LatencyWindow latency;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "start";

    GiftsProgress(PrintStream out, GiftCounters counters, LatencyWindow latency) {
        this.out = out;
        this.counters = counters;
        this.latency = latency;
    }

    void phase(String name) {
        phase = name;
    }

    void tick() {
        Histogram interval = latency.interval();
        String p99 = interval.getTotalCount() == 0 ? "-" : LatencySummary.millis(interval.getValueAtPercentile(99));
        out.printf("[%4ds] %-6s joined %d  failed %d  dropped %d | gifts sent %d  accepted %d  refused %d"
                        + " | delivered %d  duplicates %d | p99 %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), phase, counters.joined.sum(),
                counters.failedMembers(), counters.dropped.sum(), counters.sent.sum(), counters.accepted.sum(),
                counters.refused.sum(), counters.delivered.sum(), counters.duplicates.sum(), p99);
    }
}

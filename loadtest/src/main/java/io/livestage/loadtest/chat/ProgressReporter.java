package io.livestage.loadtest.chat;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Prints one progress line a second and moves the latency samples of each second into the run's total, so
 * the line shows the current p99 while the summary covers the whole run.
 */
final class ProgressReporter {

    private final PrintStream out;
    private final ChatCounters counters;
    private final Recorder recorder;
    private final long startNanos = System.nanoTime();
    private final Histogram total = new Histogram(3);
    private Histogram interval;
    private volatile String phase = "start";

    ProgressReporter(PrintStream out, ChatCounters counters, Recorder recorder) {
        this.out = out;
        this.counters = counters;
        this.recorder = recorder;
    }

    void phase(String name) {
        phase = name;
    }

    synchronized void tick() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        String p99 = interval.getTotalCount() == 0 ? "-" : LatencySummary.millis(interval.getValueAtPercentile(99));
        out.printf("[%4ds] %-7s connected %d  authed %d  joined %d  failed %d  dropped %d | chat sent %d  received %d | p99 %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), phase,
                counters.connected.sum(), counters.authenticated.sum(), counters.joined.sum(),
                counters.failedViewers(), counters.dropped.sum(), counters.chatSent.sum(),
                counters.chatReceived.sum(), p99);
    }

    /** Every latency sample of the run; takes the samples not yet moved by a tick. */
    synchronized Histogram total() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }
}

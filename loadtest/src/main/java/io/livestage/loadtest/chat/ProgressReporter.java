package io.livestage.loadtest.chat;

import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Prints one progress line a second, with the p99 of that second's deliveries. */
final class ProgressReporter {

    private final PrintStream out;
    private final ChatCounters counters;
    private final LatencyWindow latency;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "start";

    ProgressReporter(PrintStream out, ChatCounters counters, LatencyWindow latency) {
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
        out.printf("[%4ds] %-7s connected %d  authed %d  joined %d  failed %d  dropped %d | chat sent %d  received %d | p99 %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), phase,
                counters.connected.sum(), counters.authenticated.sum(), counters.joined.sum(),
                counters.failedViewers(), counters.dropped.sum(), counters.chatSent.sum(),
                counters.chatReceived.sum(), p99);
    }
}

package io.livestage.loadtest.scenario;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One progress line a second: time since the start, the phase, the scenario's own counts and the p99 of
 * that second's latency samples, so a run that goes wrong shows it while it runs.
 */
public final class ProgressLine {

    private final PrintStream out;
    private final LatencyWindow latency;
    private final Supplier<String> counts;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "start";

    /** @param counts the scenario's counters in words, read at every tick */
    public ProgressLine(PrintStream out, LatencyWindow latency, Supplier<String> counts) {
        this.out = out;
        this.latency = latency;
        this.counts = counts;
    }

    public void phase(String name) {
        phase = name;
    }

    public void tick() {
        Histogram interval = latency.interval();
        String p99 = interval.getTotalCount() == 0 ? "-" : LatencySummary.millis(interval.getValueAtPercentile(99));
        out.printf("[%4ds] %-7s %s | p99 %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), phase,
                counts.get(), p99);
    }
}

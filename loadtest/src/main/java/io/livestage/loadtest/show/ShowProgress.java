package io.livestage.loadtest.show;

import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import io.livestage.loadtest.scenario.ReceiveTotals;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One line a second: subscribers connected and receiving (more packets than a second ago), packets
 * received per second over all subscribers, the share of that second's expected packets still missing, and
 * the p99 of that second's latency samples.
 */
final class ShowProgress {

    private static final Duration SNAPSHOT_LIMIT = Duration.ofMillis(900);

    private final PrintStream out;
    private final Audience audience;
    private final int subscribers;
    private final LatencyWindow latency;
    private final long startNanos = System.nanoTime();
    private volatile String phase = "start";
    private Audience.Snapshot previous = new Audience.Snapshot(new long[0], ReceiveTotals.NONE, new long[0]);
    private long previousNanos = startNanos;

    ShowProgress(PrintStream out, Audience audience, int subscribers, LatencyWindow latency) {
        this.out = out;
        this.audience = audience;
        this.subscribers = subscribers;
        this.latency = latency;
    }

    void phase(String name) {
        phase = name;
    }

    /** On the control thread, once a second. */
    void tick() {
        Audience.Snapshot now;
        try {
            now = audience.snapshot(SNAPSHOT_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long nanos = System.nanoTime();
        ReceiveTotals second = now.totals().since(previous.totals());
        Histogram interval = latency.interval();
        String p99 = interval.getTotalCount() == 0 ? "-" : LatencySummary.millis(interval.getValueAtPercentile(99));
        out.printf("[%4ds] %-7s subscribers %d/%d connected, %d failed, %d receiving | %,.0f packets/s received"
                        + " | missing %.3f%% | p99 %s%n",
                TimeUnit.NANOSECONDS.toSeconds(nanos - startNanos), phase, audience.connected(), subscribers,
                audience.failed(), receiving(previous.packetsBySubscriber(), now.packetsBySubscriber()),
                second.received() * 1e9 / Math.max(1, nanos - previousNanos), second.lossPercent(), p99);
        previous = now;
        previousNanos = nanos;
    }

    private static int receiving(long[] before, long[] now) {
        int count = 0;
        for (int i = 0; i < now.length; i++) {
            if (now[i] > (i < before.length ? before[i] : 0)) {
                count++;
            }
        }
        return count;
    }
}

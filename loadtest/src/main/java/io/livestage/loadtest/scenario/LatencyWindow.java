package io.livestage.loadtest.scenario;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency samples recorded from any thread into a {@link Recorder}, read once a second for a progress line
 * and summed into the total of the timed window, so the line shows the current p99 and the report the
 * whole window's.
 */
public final class LatencyWindow {

    private final Recorder recorder;
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    public LatencyWindow() {
        this(new Recorder(3));
    }

    /** Samples recorded into {@code recorder} (a {@link TeeRecorder} feeds a total of several windows too). */
    public LatencyWindow(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Where the samples go; thread-safe and wait-free for the recording threads. */
    public Recorder recorder() {
        return recorder;
    }

    /** The samples since the previous call, which also join the total. */
    public synchronized Histogram interval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval.copy();
    }

    /** Forgets every sample so far: the timed window starts now. */
    public synchronized void restart() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
    }

    /** Every sample since the start or the last {@link #restart()}, those not yet read by an interval included. */
    public synchronized Histogram total() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total.copy();
    }
}

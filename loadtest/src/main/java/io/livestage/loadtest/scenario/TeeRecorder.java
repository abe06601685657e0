package io.livestage.loadtest.scenario;

import org.HdrHistogram.Recorder;

/** A recorder that also records every value into another: one group's latency and everyone's at once. */
public final class TeeRecorder extends Recorder {
    private final Recorder also;

    public TeeRecorder(Recorder also) {
        super(3);
        this.also = also;
    }

    @Override
    public void recordValue(long value) {
        super.recordValue(value);
        also.recordValue(value);
    }
}

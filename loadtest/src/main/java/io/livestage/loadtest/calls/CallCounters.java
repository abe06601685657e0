package io.livestage.loadtest.calls;

import java.util.concurrent.atomic.LongAdder;

/** Where the calls of a run are; updated by the call threads and event loops, read by the progress line. */
final class CallCounters {

    final LongAdder begun = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder flowing = new LongAdder();
    /** Calls waiting for the hold to end, media flowing or not. */
    final LongAdder ready = new LongAdder();
    final LongAdder ended = new LongAdder();
    /** Calls given up before they could be held. */
    final LongAdder failed = new LongAdder();
    /** {@code call.billing} events after each call's first. */
    final LongAdder ticks = new LongAdder();

    /** The counts for the progress line. */
    String progress() {
        return String.format("calls begun %d  started %d  media %d  ready %d  ended %d  failed %d | ticks %d",
                begun.sum(), started.sum(), flowing.sum(), ready.sum(), ended.sum(), failed.sum(), ticks.sum());
    }
}

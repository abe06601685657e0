package io.livestage.loadtest.gifts;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Recorder;

/**
 * One gift by its txId, known from whichever arrives first: the sender's {@code gift.sent} reply or a
 * member's {@code gift} event. The two race (they leave the server on different connections), so a
 * delivery seen before the reply keeps its receive time here until the send time is known.
 */
final class SentGift {

    private static final long UNKNOWN = -1;

    /** Dense, run-wide: members remember the gifts they saw in a bit set by this index. */
    final int index;
    private final AtomicInteger deliveries = new AtomicInteger();
    private volatile long sentNanos = UNKNOWN;
    private volatile int room = -1;
    private boolean timed;
    private long[] early = new long[0];
    private int earlyCount;

    SentGift(int index) {
        this.index = index;
    }

    /** The sender's reply arrived: latencies of deliveries that came first are recorded now. */
    synchronized void accepted(int roomIndex, long sentAt, boolean timedGift, Recorder latencyMicros) {
        room = roomIndex;
        timed = timedGift;
        sentNanos = sentAt;
        if (timed) {
            for (int i = 0; i < earlyCount; i++) {
                record(latencyMicros, early[i]);
            }
        }
        early = null;
    }

    /** A member saw this gift for the first time, at {@code receivedNanos}. */
    void delivered(long receivedNanos, Recorder latencyMicros) {
        deliveries.incrementAndGet();
        if (sentNanos != UNKNOWN) {
            if (timed) {
                record(latencyMicros, receivedNanos);
            }
            return;
        }
        synchronized (this) {
            if (sentNanos != UNKNOWN) {
                if (timed) {
                    record(latencyMicros, receivedNanos);
                }
                return;
            }
            if (earlyCount == early.length) {
                early = Arrays.copyOf(early, Math.max(8, early.length * 2));
            }
            early[earlyCount++] = receivedNanos;
        }
    }

    private void record(Recorder latencyMicros, long receivedNanos) {
        latencyMicros.recordValue(Math.max(0, (receivedNanos - sentNanos) / 1_000));
    }

    boolean isAccepted() {
        return sentNanos != UNKNOWN;
    }

    /** The room of the sender, or -1 while no reply came. */
    int room() {
        return room;
    }

    int deliveries() {
        return deliveries.get();
    }
}

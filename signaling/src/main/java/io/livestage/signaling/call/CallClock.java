package io.livestage.signaling.call;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time calls are billed and timed by: ring timeouts, grace periods and minute ticks. Tests
 * and simulations swap in {@link ManualCallClock} so that minutes pass when they say so.
 */
public interface CallClock {
    long millis();

    /** Runs the task on the executor once this clock has advanced by the delay (at once when ≤ 0). */
    Timer schedule(EventExecutor executor, Runnable task, long delayMillis);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Timer {
        void cancel();
    }

    /** Wall-clock time and the executor's own scheduler. */
    static CallClock system() {
        return new CallClock() {
            @Override
            public long millis() {
                return System.currentTimeMillis();
            }

            @Override
            public Timer schedule(EventExecutor executor, Runnable task, long delayMillis) {
                ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }
        };
    }
}

package io.livestage.signaling.show;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at most once per interval however often it is requested: the first request
 * after a quiet spell runs at once, later ones fold into one run when the interval has passed.
 * Used on one executor only (a show's), so it needs no locking.
 */
final class Coalescer {
    private final EventExecutor executor;
    private final long intervalNanos;
    private final Runnable action;
    private long lastRunNanos;
    private ScheduledFuture<?> pending;

    Coalescer(EventExecutor executor, long intervalMillis, Runnable action) {
        this.executor = executor;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.action = action;
        this.lastRunNanos = System.nanoTime() - intervalNanos;
    }

    void request() {
        if (pending != null) {
            return;
        }
        long wait = Math.max(0, lastRunNanos + intervalNanos - System.nanoTime());
        pending = executor.schedule(this::run, wait, TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void run() {
        pending = null;
        lastRunNanos = System.nanoTime();
        action.run();
    }
}

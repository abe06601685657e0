package io.livestage.signaling.call;

import io.netty.util.concurrent.EventExecutor;
import java.util.PriorityQueue;

/**
 * A call clock that moves only when {@link #advance} is called, for tests and simulations: a call's
 * minutes, ring timeout and grace period pass in an instant and in a known order. Due tasks run on
 * their executors in due order; {@code advance} waits for each before running the next.
 */
public final class ManualCallClock implements CallClock {
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    public ManualCallClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public synchronized long millis() {
        return now;
    }

    @Override
    public Timer schedule(EventExecutor executor, Runnable task, long delayMillis) {
        if (delayMillis <= 0) {
            executor.execute(task);
            return () -> { };
        }
        Scheduled scheduled;
        synchronized (this) {
            scheduled = new Scheduled(now + delayMillis, sequence++, executor, task);
            queue.add(scheduled);
        }
        return () -> scheduled.cancelled = true;
    }

    /** Moves time forward, running every task that falls due on the way, at its due time. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = next.due;
            }
            if (!next.cancelled) {
                next.executor.submit(next.task).syncUninterruptibly();
            }
        }
    }

    private static final class Scheduled implements Comparable<Scheduled> {
        final long due;
        final long order;
        final EventExecutor executor;
        final Runnable task;
        volatile boolean cancelled;

        Scheduled(long due, long order, EventExecutor executor, Runnable task) {
            this.due = due;
            this.order = order;
            this.executor = executor;
            this.task = task;
        }

        @Override
        public int compareTo(Scheduled other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}

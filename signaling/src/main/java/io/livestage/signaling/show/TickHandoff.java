package io.livestage.signaling.show;

import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tick's frames on their way to the members' event loops: one task per loop, the room's own loop last
 * and inline. Once every loop has written its share (or refused the task while shutting down), the frames
 * are released exactly once and {@code done} runs, on whichever loop finished last.
 */
final class TickHandoff {
    private final Map<EventLoop, LoopWrites> byLoop = new IdentityHashMap<>(4);
    private final List<ByteBuf> owned = new ArrayList<>();
    private final AtomicInteger loopsLeft = new AtomicInteger();
    private final SignalingMetrics metrics;
    private final Runnable done;
    /** Run once the tick is written everywhere; guarded by {@code this}, null once finished. */
    private List<Runnable> waiters = new ArrayList<>(0);

    TickHandoff(SignalingMetrics metrics, Runnable done) {
        this.metrics = metrics;
        this.done = done;
    }

    /** Takes the frame's reference: released when the tick has been written everywhere. */
    ByteBuf own(ByteBuf frame) {
        owned.add(frame);
        return frame;
    }

    void add(Session member, EventFrames view) {
        byLoop.computeIfAbsent(member.eventLoop(), loop -> new LoopWrites()).add(member, view);
    }

    /** Hands each loop its writes; called once, on the room's executor, after every {@link #add}. */
    void dispatch() {
        if (byLoop.isEmpty()) {
            finish();
            return;
        }
        loopsLeft.set(byLoop.size());
        List<LoopWrites> inline = new ArrayList<>(1);
        for (Map.Entry<EventLoop, LoopWrites> entry : byLoop.entrySet()) {
            EventLoop loop = entry.getKey();
            LoopWrites writes = entry.getValue();
            if (loop.inEventLoop()) {
                inline.add(writes);
                continue;
            }
            try {
                loop.execute(() -> write(writes));
            } catch (RejectedExecutionException e) {
                // The loop is shutting down with its connections: nothing of this tick can reach them.
                loopDone();
            }
        }
        // The room's own loop writes its share now, after the other loops have theirs to work on.
        for (LoopWrites writes : inline) {
            write(writes);
        }
    }

    private void write(LoopWrites writes) {
        try {
            writes.run(metrics);
        } finally {
            loopDone();
        }
    }

    private void loopDone() {
        if (loopsLeft.decrementAndGet() == 0) {
            finish();
        }
    }

    /** Runs {@code then} once every loop has written this tick (at once if they have); any thread. */
    void whenWritten(Runnable then) {
        synchronized (this) {
            if (waiters != null) {
                waiters.add(then);
                return;
            }
        }
        then.run();
    }

    private void finish() {
        for (ByteBuf frame : owned) {
            frame.release();
        }
        done.run();
        List<Runnable> then;
        synchronized (this) {
            then = waiters;
            waiters = null;
        }
        then.forEach(Runnable::run);
    }
}

package io.livestage.signaling.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualCallClockTest {
    private final EventExecutor executor = new DefaultEventExecutor();
    private final ManualCallClock clock = new ManualCallClock(1000);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void tasksRunInDueOrderAtTheirDueTimeOnlyWhenTimeAdvances() {
        clock.schedule(executor, () -> ran.add("b@" + clock.millis()), 200);
        clock.schedule(executor, () -> ran.add("a@" + clock.millis()), 100);
        clock.schedule(executor, () -> ran.add("c@" + clock.millis()), 200);
        assertEquals(List.of(), ran);
        clock.advance(150);
        assertEquals(List.of("a@1100"), ran);
        assertEquals(1150, clock.millis());
        clock.advance(50);
        assertEquals(List.of("a@1100", "b@1200", "c@1200"), ran);
    }

    @Test
    void cancelledTasksNeverRunAndTasksMayScheduleMore() {
        CallClock.Timer cancelled = clock.schedule(executor, () -> ran.add("cancelled"), 10);
        clock.schedule(executor, () -> clock.schedule(executor, () -> ran.add("chained@" + clock.millis()), 10), 20);
        cancelled.cancel();
        clock.advance(100);
        assertEquals(List.of("chained@1030"), ran);
    }
}

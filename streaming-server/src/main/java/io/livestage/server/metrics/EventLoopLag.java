package io.livestage.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop runs a task scheduled on it, once a second: the time a packet, a check
 * or a chat message waits behind the loop's other work. A loop that falls behind shows here
 * before its users complain; the histogram aggregates across nodes and loops.
 * {@code livestage_event_loop_lag_seconds{group}}.
 */
public final class EventLoopLag implements AutoCloseable {
    private static final long PERIOD_MILLIS = 1000;

    private final List<ScheduledFuture<?>> probes = new ArrayList<>();

    private EventLoopLag() {
    }

    /** Starts probing every loop of each group; {@code groups} names them by their tag value. */
    public static EventLoopLag start(MeterRegistry registry, List<Group> groups) {
        EventLoopLag lag = new EventLoopLag();
        for (Group group : groups) {
            Timer timer = Timer.builder("livestage.event.loop.lag").tag("group", group.name())
                    .description("How late an event loop ran a task scheduled on it, sampled every second per loop")
                    .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                    .register(registry);
            for (EventExecutor loop : group.loops()) {
                lag.probe(loop, timer);
            }
        }
        return lag;
    }

    private void probe(EventExecutor loop, Timer timer) {
        long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS)};
        probes.add(loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            timer.record(Math.max(0, now - due[0]), TimeUnit.NANOSECONDS);
            due[0] += TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
            // After a long stall the schedule catches up at once; measure from now on, not from then.
            due[0] = Math.max(due[0], now);
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        probes.forEach(probe -> probe.cancel(false));
    }

    /** A group of event loops and the name its lag is tagged with. */
    public record Group(String name, EventLoopGroup loops) {
    }
}

package io.livestage.server.metrics;

import io.livestage.signaling.server.ReadinessCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The readiness checks (Redis, the media port) run every few seconds whether or not anyone asks
 * {@code /ready}, their last answers kept as {@code livestage_dependency_up{dependency}} (1 or 0):
 * what an alert on "Redis unavailable" reads. A check that has not answered within the period
 * counts as down.
 */
public final class DependencyHealth implements AutoCloseable {
    static final long PERIOD_SECONDS = 5;

    private final List<ScheduledFuture<?>> probes = new ArrayList<>();

    private DependencyHealth() {
    }

    public static DependencyHealth start(MeterRegistry registry, List<ReadinessCheck> checks, EventExecutor scheduler) {
        DependencyHealth health = new DependencyHealth();
        for (ReadinessCheck check : checks) {
            AtomicInteger up = new AtomicInteger();
            Gauge.builder("livestage.dependency.up", up, AtomicInteger::get).tag("dependency", check.name())
                    .description("1 while the dependency answered its last check (every " + PERIOD_SECONDS + " s), else 0")
                    .register(registry);
            health.probes.add(scheduler.scheduleAtFixedRate(() -> probe(check, up, scheduler), 0, PERIOD_SECONDS,
                    TimeUnit.SECONDS));
        }
        return health;
    }

    private static void probe(ReadinessCheck check, AtomicInteger up, EventExecutor scheduler) {
        AtomicInteger answered = new AtomicInteger();
        ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            if (answered.compareAndSet(0, 1)) {
                up.set(0);
            }
        }, PERIOD_SECONDS, TimeUnit.SECONDS);
        check.check().whenComplete((ok, failure) -> {
            if (answered.compareAndSet(0, 1)) {
                timeout.cancel(false);
                up.set(failure == null && Boolean.TRUE.equals(ok) ? 1 : 0);
            }
        });
    }

    @Override
    public void close() {
        probes.forEach(probe -> probe.cancel(false));
    }
}

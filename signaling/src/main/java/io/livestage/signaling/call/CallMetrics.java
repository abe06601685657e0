package io.livestage.signaling.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paid calls: how many ring and run now, how long setup takes (request to {@code call.started}),
 * minutes billed, coins moved and why calls end. End reasons are the protocol's fixed set.
 */
public final class CallMetrics implements MeterBinder {
    private final AtomicInteger ringing = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final Map<String, Counter> ended = new ConcurrentHashMap<>();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Timer setup;
    private Counter minutes;
    private Counter coins;

    public CallMetrics() {
        bindCounters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        ended.clear();
        bindCounters();
        Gauge.builder("livestage.calls.ringing", ringing, AtomicInteger::get)
                .description("Paid calls ringing or waiting for their first minute").register(registry);
        Gauge.builder("livestage.calls.active", active, AtomicInteger::get)
                .description("Paid calls in progress").register(registry);
    }

    private void bindCounters() {
        setup = Timer.builder("livestage.calls.setup")
                .description("From call.request to call.started")
                // Buckets, not client-side percentiles: a histogram aggregates across nodes.
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
                        Duration.ofSeconds(30), Duration.ofSeconds(60))
                .register(registry);
        minutes = Counter.builder("livestage.calls.minutes.billed").description("Call minutes charged").register(registry);
        coins = Counter.builder("livestage.calls.coins.moved")
                .description("Coins moved from callers to consultants").register(registry);
        // Every reason from the start: an alert on billing failures reads 0, not a series that is absent.
        for (CallEndReason reason : CallEndReason.values()) {
            ended(reason.wire(), 0);
        }
    }

    void ringing(int delta) {
        ringing.addAndGet(delta);
    }

    void active(int delta) {
        active.addAndGet(delta);
    }

    void setUp(long nanos) {
        setup.record(nanos, TimeUnit.NANOSECONDS);
    }

    void minuteBilled(long rate) {
        minutes.increment();
        coins.increment(rate);
    }

    void ended(String reason) {
        ended(reason, 1);
    }

    private void ended(String reason, int count) {
        ended.computeIfAbsent(reason, r -> Counter.builder("livestage.calls.ended").tag("reason", r)
                .description("Calls ended, by reason").register(registry)).increment(count);
    }
}

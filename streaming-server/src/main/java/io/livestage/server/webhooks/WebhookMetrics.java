package io.livestage.server.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook deliveries of this node ({@code livestage_webhooks_*}), per endpoint: attempts by outcome
 * ({@code delivered}, {@code failed}: to be retried, {@code dead_lettered}: given up), the time from an
 * event to its delivery, and the backlog every node samples from the shared outbox.
 */
public final class WebhookMetrics implements MeterBinder {
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String DEAD_LETTERED = "dead_lettered";

    private final List<String> endpoints;
    private final Clock clock;
    private final Map<String, Map<String, Counter>> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldest = new ConcurrentHashMap<>();
    private Counter appendFailures;

    public WebhookMetrics(List<String> endpoints, Clock clock) {
        this.endpoints = List.copyOf(endpoints);
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        appendFailures = Counter.builder("livestage.webhooks.outbox.append.failures")
                .description("Appends to the outbox that failed and were tried again (Redis unreachable)")
                .register(registry);
        for (String endpoint : endpoints) {
            Map<String, Counter> byOutcome = new ConcurrentHashMap<>();
            for (String outcome : List.of(DELIVERED, FAILED, DEAD_LETTERED)) {
                byOutcome.put(outcome, Counter.builder("livestage.webhooks.deliveries")
                        .description("Delivery attempts by outcome: delivered, failed (retried), dead_lettered (given up)")
                        .tags("endpoint", endpoint, "outcome", outcome).register(registry));
            }
            attempts.put(endpoint, byOutcome);
            latency.put(endpoint, Timer.builder("livestage.webhooks.delivery.latency")
                    .description("From the event to its delivery (2xx), retries included")
                    .tags("endpoint", endpoint).publishPercentileHistogram().register(registry));
            AtomicLong events = new AtomicLong();
            pending.put(endpoint, events);
            Gauge.builder("livestage.webhooks.pending.events", events, AtomicLong::get)
                    .description("Events in the outbox the endpoint has not yet been delivered (the outbox's lag)")
                    .tags("endpoint", endpoint).register(registry);
            AtomicLong oldestMillis = new AtomicLong(-1);
            oldest.put(endpoint, oldestMillis);
            Gauge.builder("livestage.webhooks.oldest.pending.seconds", oldestMillis,
                            value -> value.get() < 0 ? 0 : Math.max(0, clock.millis() - value.get()) / 1000.0)
                    .description("Age of the endpoint's oldest undelivered event; 0 when none waits")
                    .tags("endpoint", endpoint).register(registry);
        }
    }

    void delivered(String endpoint, long createdAtMillis) {
        latency.get(endpoint).record(Math.max(0, clock.millis() - createdAtMillis), TimeUnit.MILLISECONDS);
        attempts.get(endpoint).get(DELIVERED).increment();
    }

    void failed(String endpoint) {
        attempts.get(endpoint).get(FAILED).increment();
    }

    void deadLettered(String endpoint) {
        attempts.get(endpoint).get(DEAD_LETTERED).increment();
    }

    void appendFailed() {
        appendFailures.increment();
    }

    void backlog(String endpoint, OutboxStore.Backlog backlog) {
        pending.get(endpoint).set(backlog.events());
        oldest.get(endpoint).set(backlog.oldestMillis());
    }
}

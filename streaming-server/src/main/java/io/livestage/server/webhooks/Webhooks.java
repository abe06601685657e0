package io.livestage.server.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.server.config.RedisConfig;
import io.livestage.server.config.WebhooksConfig;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's webhooks: the outbox signaling reports events to, and a deliverer per endpoint. Reported
 * events are rendered to their body at once and appended to the store one at a time in the order they
 * were reported (a failed append is tried again every second, holding the ones behind it), so events of
 * one node reach the outbox in order and none is lost while Redis is briefly away. Everything runs on one
 * thread of its own; no event loop ever waits for it.
 */
public final class Webhooks implements WebhookOutbox, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    /** Reported events waiting for the store; beyond this (Redis away for long) new ones are dropped and logged. */
    static final int MAX_QUEUED = 100_000;
    static final Duration APPEND_RETRY = Duration.ofSeconds(1);
    static final Duration BACKLOG_SAMPLE = Duration.ofSeconds(5);
    /** How long closing waits for reported events (shows ended by the shutdown) to reach the store. */
    static final Duration CLOSE_FLUSH = Duration.ofSeconds(3);

    private final ObjectMapper json = new ObjectMapper();
    private final OutboxStore store;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final List<EndpointDeliverer> deliverers = new ArrayList<>();
    private final ArrayDeque<OutboxRecord> queue = new ArrayDeque<>();
    private final List<String> endpointNames;
    private boolean appending;
    /** The endpoints have their places in the outbox: appending may begin (only the webhook thread reads it). */
    private boolean prepared;
    /** Appends failed in a row (only the webhook thread touches it). */
    private long failedAppends;
    private long dropped;

    public Webhooks(WebhooksConfig config, OutboxStore store, DeliverySettings settings, Clock clock,
                    MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.endpointNames = config.endpoints().stream().map(WebhooksConfig.Endpoint::name).toList();
        this.metrics = new WebhookMetrics(endpointNames, clock);
        metrics.bindTo(registry);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "livestage-webhooks");
            t.setDaemon(true);
            return t;
        });
        WebhookSender sender = new WebhookSender(Duration.ofMillis(config.timeoutMs()), clock);
        RetrySchedule retries = new RetrySchedule(config.retryInitialMs(), config.retryMaxMs(), config.retryForMs());
        // One owner id per process: a restarted node is a new owner and waits for its old lease to lapse.
        String owner = UUID.randomUUID().toString();
        for (WebhooksConfig.Endpoint endpoint : config.endpoints()) {
            deliverers.add(new EndpointDeliverer(endpoint, owner, store, sender, retries, metrics, settings, thread, clock));
        }
        deliverers.forEach(EndpointDeliverer::start);
        thread.scheduleWithFixedDelay(this::sampleBacklog, 0, BACKLOG_SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The outbox for the configuration: Redis when the node has one (durable, shared), else memory. */
    public static OutboxStore store(WebhooksConfig config, RedisConfig redis, String keyPrefix, Duration commandTimeout,
                                    Clock clock) {
        // Kept an hour past the retry window, so only events every endpoint delivered or gave up are trimmed.
        Duration retention = Duration.ofMillis(config.retryForMs()).plusHours(1);
        return !redis.configured()
                ? new MemoryOutboxStore(config.endpoints().stream().map(WebhooksConfig.Endpoint::name).toList(), clock,
                        retention)
                : new RedisOutboxStore(RedisCommandLink.open(redis, RedisOutboxStore.CLIENT_NAME, commandTimeout), keyPrefix,
                        retention, clock);
    }

    @Override
    public void append(WebhookEvent event) {
        OutboxRecord record = new OutboxRecord(event.id(), event.type().wire(), event.createdAt().toEpochMilli(),
                body(event));
        synchronized (this) {
            if (queue.size() >= MAX_QUEUED) {
                dropped++;
                if (dropped == 1 || dropped % 1000 == 0) {
                    log.error("webhook outbox unreachable: {} events dropped so far, the latest {} ({})", dropped,
                            event.id(), event.type().wire());
                }
                return;
            }
            queue.add(record);
            if (appending) {
                return;
            }
            appending = true;
        }
        thread.execute(this::appendHead);
    }

    private String body(WebhookEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", event.id());
        body.put("type", event.type().wire());
        body.put("createdAt", event.createdAt().toString());
        body.put("data", event.data());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.type().wire() + " does not render as JSON", e);
        }
    }

    private void appendHead() {
        if (!prepared) {
            // Before the first append, or the endpoints' places would begin after it and miss it.
            store.prepare(endpointNames).whenComplete((done, failure) -> thread.execute(() -> {
                if (failure != null) {
                    retryAppend(failure);
                } else {
                    prepared = true;
                    appendHead();
                }
            }));
            return;
        }
        OutboxRecord head;
        synchronized (this) {
            head = queue.peek();
            if (head == null) {
                appending = false;
                notifyAll();
                return;
            }
        }
        store.append(head).whenComplete((appended, failure) -> thread.execute(() -> {
            if (failure != null) {
                retryAppend(failure);
                return;
            }
            failedAppends = 0;
            synchronized (this) {
                queue.poll();
            }
            if (appended) {
                deliverers.forEach(EndpointDeliverer::wake);
            }
            appendHead();
        }));
    }

    private void retryAppend(Throwable failure) {
        metrics.appendFailed();
        failedAppends++;
        // The first failure, then once a minute: Redis away for an hour should not write 3,600 lines.
        if (failedAppends % 60 == 1) {
            synchronized (this) {
                log.warn("webhook outbox: cannot append ({}), {} events waiting; trying again every second",
                        failure.getClass().getSimpleName(), queue.size());
            }
        }
        thread.schedule(this::appendHead, APPEND_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleBacklog() {
        for (EndpointDeliverer deliverer : deliverers) {
            store.backlog(deliverer.name()).whenComplete((backlog, failure) -> {
                if (failure == null) {
                    metrics.backlog(deliverer.name(), backlog);
                }
            });
        }
    }

    /** Waits until every reported event reached the store, or the time is up; true when all did. */
    synchronized boolean flush(Duration within) throws InterruptedException {
        long until = clock.millis() + within.toMillis();
        while (!queue.isEmpty() && clock.millis() < until) {
            wait(Math.max(1, until - clock.millis()));
        }
        return queue.isEmpty();
    }

    @Override
    public void close() {
        try {
            if (!flush(CLOSE_FLUSH)) {
                synchronized (this) {
                    log.error("webhook outbox: {} reported events could not be appended before shutdown", queue.size());
                }
            }
            CompletableFuture.allOf(deliverers.stream().map(d -> d.stop().toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("webhook deliverers did not all give their leases back: {}", e.getClass().getSimpleName());
        } finally {
            thread.shutdownNow();
            store.close();
        }
    }
}

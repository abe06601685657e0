package io.livestage.server.webhooks;

import io.livestage.server.config.WebhooksConfig;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one endpoint's events strictly in outbox order: the head is tried until it is delivered or
 * given up, and nothing behind it goes first (other endpoints have their own deliverer and go on). Only
 * while this node holds the endpoint's lease. Every step runs on the shared single webhook thread, so the
 * state needs no locks; the store and the HTTP client answer asynchronously and their answers hop back.
 */
final class EndpointDeliverer {
    private static final Logger log = LoggerFactory.getLogger(EndpointDeliverer.class);

    private final WebhooksConfig.Endpoint endpoint;
    private final String owner;
    private final OutboxStore store;
    private final WebhookSender sender;
    private final RetrySchedule retries;
    private final WebhookMetrics metrics;
    private final DeliverySettings settings;
    private final ScheduledExecutorService thread;
    private final Clock clock;
    private final ArrayDeque<OutboxEntry> batch = new ArrayDeque<>();
    private boolean running;
    /** A step is waiting for the store or the receiver; wake-ups then change nothing. */
    private boolean busy;
    private ScheduledFuture<?> timer;
    /** When the lease must be renewed before the next step; 0: not held. */
    private long renewLeaseAt;
    /** Failed attempts of the head entry, and when to try it again. */
    private int failures;
    private long retryAt;
    private String lastError = "";
    /** The head was delivered or given up, but the store has not yet recorded it. */
    private boolean headDone;
    /** Store commands failed in a row (Redis away), for logging once a minute rather than every poll. */
    private long storeFailures;

    EndpointDeliverer(WebhooksConfig.Endpoint endpoint, String owner, OutboxStore store, WebhookSender sender,
                      RetrySchedule retries, WebhookMetrics metrics, DeliverySettings settings,
                      ScheduledExecutorService thread, Clock clock) {
        this.endpoint = endpoint;
        this.owner = owner;
        this.store = store;
        this.sender = sender;
        this.retries = retries;
        this.metrics = metrics;
        this.settings = settings;
        this.thread = thread;
        this.clock = clock;
    }

    String name() {
        return endpoint.name();
    }

    void start() {
        thread.execute(() -> guarded(() -> {
            running = true;
            step();
        }));
    }

    /** New events were appended: an idle deliverer looks at once instead of at its next poll. */
    void wake() {
        thread.execute(() -> guarded(() -> {
            if (running && !busy && failures == 0 && timer != null && timer.cancel(false)) {
                step();
            }
        }));
    }

    /** Stops after the step in flight; completes once the lease is given back (or could not be). */
    CompletionStage<Void> stop() {
        return CompletableFuture.supplyAsync(() -> {
            running = false;
            if (timer != null) {
                timer.cancel(false);
            }
            return renewLeaseAt > 0;
        }, thread).thenCompose(held -> held ? store.release(endpoint.name(), owner)
                : CompletableFuture.completedFuture(null));
    }

    private void step() {
        if (!running) {
            return;
        }
        timer = null;
        if (clock.millis() >= renewLeaseAt) {
            long asked = clock.millis();
            call(store.acquire(endpoint.name(), owner, settings.lease()), (held, failure) -> {
                if (failure != null) {
                    lostLease();
                    storeFailed("take the lease in", failure);
                } else if (!held) {
                    lostLease();
                    later(settings.lease().toMillis() / 3);
                } else {
                    storeFailures = 0;
                    renewLeaseAt = asked + settings.lease().toMillis() / 3;
                    step();
                }
            });
        } else if (failures > 0 && !headDone && clock.millis() < retryAt) {
            // Waiting out a backoff: wake up at least every third of the lease to keep it, so the endpoint's
            // backoff is not cut short by another node taking the lease over and trying at once.
            later(Math.min(retryAt - clock.millis(), settings.lease().toMillis() / 3));
        } else if (batch.isEmpty()) {
            call(store.next(endpoint.name(), owner, settings.batch()), this::read);
        } else if (headDone) {
            call(store.settle(endpoint.name(), batch.peek().position()), (done, failure) -> {
                if (failure != null) {
                    storeFailed("record a delivery in", failure);
                } else {
                    batch.poll();
                    headDone = false;
                    failures = 0;
                    step();
                }
            });
        } else {
            deliverHead();
        }
    }

    private void read(List<OutboxEntry> entries, Throwable failure) {
        if (failure != null) {
            storeFailed("read", failure);
        } else if (entries == null) {
            lostLease();
            later(settings.lease().toMillis() / 3);
        } else if (entries.isEmpty()) {
            later(settings.poll().toMillis());
        } else {
            batch.addAll(entries);
            step();
        }
    }

    private void deliverHead() {
        OutboxEntry head = batch.peek();
        OutboxRecord record = head.record();
        if (record == null) {
            log.error("webhook endpoint {}: outbox entry {} was trimmed before it was delivered; it is lost",
                    endpoint.name(), head.position());
            giveUp(head);
            return;
        }
        if (!endpoint.wants(record.type())) {
            headDone = true;
            step();
            return;
        }
        CompletionStage<Integer> attempt;
        try {
            attempt = sender.send(endpoint.url(), endpoint.secret(), record);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        call(attempt, (status, failure) -> {
            if (failure == null && status / 100 == 2) {
                metrics.delivered(endpoint.name(), record.createdAtMillis());
                headDone = true;
                step();
            } else {
                failed(head, record, failure == null ? "HTTP " + status : describe(failure));
            }
        });
    }

    private void failed(OutboxEntry head, OutboxRecord record, String error) {
        failures++;
        lastError = error;
        metrics.failed(endpoint.name());
        long now = clock.millis();
        long next = retries.nextAttemptMs(failures, record.createdAtMillis(), now);
        if (next < 0) {
            giveUp(head);
            return;
        }
        // The first failure and then every tenth: a receiver down for hours should not flood the log.
        if (failures == 1 || failures % 10 == 0) {
            log.warn("webhook endpoint {}: delivery {} ({}) failed ({}), attempt {}; next in {} ms", endpoint.name(),
                    record.deliveryId(), record.type(), error, failures, next - now);
        }
        retryAt = next;
        later(Math.min(next - now, settings.lease().toMillis() / 3));
    }

    /** Past its deadline (or lost): to the dead-letter stream, so the endpoint's next events can go. */
    private void giveUp(OutboxEntry head) {
        OutboxRecord record = head.record();
        call(store.deadLetter(endpoint.name(), head, failures, lastError), (done, failure) -> {
            if (failure != null) {
                storeFailed("dead-letter an event in", failure);
                return;
            }
            metrics.deadLettered(endpoint.name());
            log.error("webhook endpoint {}: gave up delivery {} ({}) after {} attempts ({}); kept in the dead-letter"
                            + " stream", endpoint.name(), record == null ? head.position() : record.deliveryId(),
                    record == null ? "unknown type" : record.type(), failures, lastError);
            headDone = true;
            step();
        });
    }

    /** Another node delivers now (or Redis is away): what was read may be delivered there, from the store. */
    private void lostLease() {
        renewLeaseAt = 0;
        batch.clear();
        headDone = false;
        failures = 0;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName();
    }

    private <T> void call(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        busy = true;
        stage.whenComplete((value, failure) -> thread.execute(() -> guarded(() -> {
            busy = false;
            if (running) {
                then.accept(value, failure);
            }
        })));
    }

    /** A store command (not a delivery) failed: the step is tried again after a poll interval. */
    private void storeFailed(String what, Throwable failure) {
        storeFailures++;
        if (storeFailures % 60 == 1) {
            log.warn("webhook endpoint {}: cannot {} the outbox ({}); trying again", endpoint.name(), what,
                    describe(failure));
        }
        later(settings.poll().toMillis());
    }

    private void later(long delayMs) {
        if (running) {
            timer = thread.schedule(() -> guarded(this::step), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs a step; a bug in it is logged and the deliverer carries on after a poll interval, rather than the
     * scheduler swallowing the exception and the endpoint silently stopping.
     */
    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("webhook endpoint {}: delivery step failed", endpoint.name(), e);
            busy = false;
            later(settings.poll().toMillis());
        }
    }
}

package io.livestage.loadtest.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.PlatformTokens;
import io.livestage.loadtest.scenario.Poll;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.webrtc.DropPolicy;
import io.livestage.loadtest.webrtc.JavaPublisher;
import io.livestage.loadtest.webrtc.JavaSubscriber;
import io.livestage.loadtest.webrtc.PublisherOptions;
import io.livestage.loadtest.webrtc.ReceivedTrackStats;
import io.livestage.loadtest.webrtc.SentStreamStats;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Recorder;

/**
 * One call of the scenario, run on a thread of its own: a consultant goes available, an adult caller
 * requests, the consultant accepts, both publish and subscribe to each other, the call is held until the
 * run's hold ends, then the caller hangs up half a minute away from any minute start (so a tick and the
 * hang-up cannot race) and both wallets are read. Event arrival times are taken on the caller's event loop.
 */
final class SimulatedCall {

    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);

    private final int index;
    private final CallsOptions options;
    private final Duration timeout;
    private final CallCounters counters;
    private final FailureLog failures;
    private final Recorder tickLateness;
    private final long minuteNanos;
    private final List<Long> tickArrivals = new ArrayList<>();
    private volatile long startedNanos = -1;
    private long billedMinutes;
    private long lastBillingCharged;
    private long earlyTicks;
    private long mostEarlyNanos;
    /** The first call.billing's {@code secondsLeft} and {@code balance}, -1 before it came. */
    private long firstSecondsLeft = -1;
    private long firstBalance = -1;

    /** @param tickLateness microseconds each tick after a call's first came after its minute's start */
    SimulatedCall(int index, CallsOptions options, Duration timeout, CallCounters counters, FailureLog failures,
            Recorder tickLateness) {
        this.index = index;
        this.options = options;
        this.timeout = timeout;
        this.counters = counters;
        this.failures = failures;
        this.tickLateness = tickLateness;
        this.minuteNanos = TimeUnit.MILLISECONDS.toNanos(options.minuteMs());
    }

    /**
     * Runs the call to its end; {@code holdEnd} completes with the {@link System#nanoTime()} at which the run's
     * hold ends. Never throws for the call's own failures: they go into the outcome and the failure log.
     */
    CallOutcome run(SignalingConnector connector, PlatformTokens tokens, WebRtcPeerGroup peers,
            CompletableFuture<Long> holdEnd, Duration holdEndLimit) throws InterruptedException {
        counters.begun.increment();
        Progress call = new Progress();
        CallParty consultant = null;
        CallParty caller = null;
        try {
            call.stage = "consultant connect";
            consultant = await(CallParty.connect(connector, options.url(), tokens.consultant(index, options.rate()),
                    timeout, null));
            call.stage = "consultant.status";
            await(consultant.request("consultant.status", "available", true));
            call.stage = "caller connect";
            caller = await(CallParty.connect(connector, options.url(), tokens.caller(index), timeout, this::onCallerEvent));
            call.stage = "call.request";
            long requested = System.nanoTime();
            String callId = await(caller.request("call.request", "consultantId", consultant.userId()))
                    .path("callId").asText();
            call.stage = "call.incoming";
            consultant.next("call.incoming");
            call.stage = "call.accept";
            long[] acceptedNanos = {-1};
            await(consultant.request("call.accept", "callId", callId).thenApply(reply -> {
                acceptedNanos[0] = System.nanoTime();
                return reply;
            }));
            call.stage = "call.started";
            String roomId = caller.next("call.started").path("roomId").asText();
            call.started = true;
            call.setupNanos = startedNanos - requested;
            startAt(acceptedNanos[0]);
            counters.started.increment();

            call.mediaNanos = startMedia(caller, consultant, roomId, peers);
            counters.ready.increment();
            call.stage = "hold";
            long hangUp = hangUpAfter(holdEnd.get(holdEndLimit.toMillis(), TimeUnit.MILLISECONDS));
            sleepUntil(hangUp);
            call.callerReceived = received(caller.subscriber());
            call.consultantReceived = received(consultant.subscriber());
            call.expectedTicks = (hangUp - startedNanos) / minuteNanos;
            if (!minuteMatches()) {
                call.minuteMismatch = true;
                failures.record("call.billing", "secondsLeft does not fit a minute of " + options.minuteMs()
                        + " ms: is the server's calls.minuteMs --minute-ms?");
            }

            call.stage = "call.end";
            JsonNode ended = caller.hasPending("call.ended") ? caller.next("call.ended")
                    : await(caller.request("call.end", "callId", callId));
            call.endReason = ended.path("reason").asText();
            call.charged = ended.path("charged").asLong();
            if (!"hangup".equals(call.endReason)) {
                failures.record("call.ended", "reason " + call.endReason + " before the hang-up");
            }
            call.stage = "consultant's call.ended";
            long consultantCharged = consultant.next("call.ended").path("charged").asLong();
            if (consultantCharged != call.charged) {
                failures.record("call.ended", "the consultant's charged differs from the caller's");
            }
            counters.ended.increment();
            call.stage = "wallet.balance";
            call.callerBalance = await(caller.request(SignalingClient.message("wallet.balance"))).path("balance").asLong();
            call.consultantEarnings = await(consultant.request(SignalingClient.message("wallet.balance")))
                    .path("earnings").asLong();
            call.stage = "";
        } catch (ExecutionException | TimeoutException e) {
            failures.record(call.stage, e);
            if (!call.started) {
                counters.failed.increment();
            }
        } finally {
            close(caller);
            close(consultant);
        }
        return call.outcome();
    }

    /**
     * Both sides publish and subscribe; returns the time from {@code call.started} until each side received every
     * stream of the other, or -1 when media did not flow (the call is still held and billed, and counted failed).
     */
    private long startMedia(CallParty caller, CallParty consultant, String roomId, WebRtcPeerGroup peers)
            throws InterruptedException {
        PublisherOptions publishing = new PublisherOptions(roomId, "call", options.audio(), options.video(),
                DropPolicy.NONE, DropPolicy.NONE, null, timeout, false, List.of());
        try {
            CompletableFuture.allOf(caller.startMedia(roomId, peers, publishing),
                    consultant.startMedia(roomId, peers, publishing))
                    .get(MEDIA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failures.record("media", e);
            return -1;
        }
        int streams = (options.audio() ? 1 : 0) + (options.video() == null ? 0 : 1);
        if (!Poll.until(() -> receivesAll(caller, consultant, streams) && receivesAll(consultant, caller, streams),
                MEDIA_TIMEOUT)) {
            failures.record("media", "not flowing both ways within " + MEDIA_TIMEOUT.toSeconds() + " s");
            return -1;
        }
        counters.flowing.increment();
        return System.nanoTime() - startedNanos;
    }

    /** The receiver's subscription got packets of every stream the sender publishes. */
    private static boolean receivesAll(CallParty receiver, CallParty sender, int streams) {
        JavaSubscriber subscriber = receiver.subscriber();
        JavaPublisher publisher = sender.publisher();
        if (subscriber == null || publisher == null) {
            return false;
        }
        List<SentStreamStats> sent = publisher.sent();
        if (sent.size() < streams) {
            return false;
        }
        for (SentStreamStats stream : sent) {
            ReceivedTrackStats received = subscriber.received(stream.ssrc());
            if (received == null || received.packets() == 0) {
                return false;
            }
        }
        return true;
    }

    /** The first instant half a minute past a minute start of this call that is not before {@code holdEnd}. */
    private long hangUpAfter(long holdEnd) {
        long half = minuteNanos / 2;
        long minutes = Math.max(1, (holdEnd - startedNanos - half + minuteNanos - 1) / minuteNanos);
        return startedNanos + minutes * minuteNanos + half;
    }

    private ReceiveTotals received(JavaSubscriber subscriber) throws InterruptedException {
        if (subscriber == null) {
            return ReceiveTotals.NONE;
        }
        try {
            return ReceiveTotals.of(subscriber.received().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            failures.record("media figures", e);
            return ReceiveTotals.NONE;
        }
    }

    /**
     * Takes the consultant's {@code call.started} (the accept reply) as the call's start when it came before the
     * caller's: the server started the call's clock before sending either, so the earlier arrival is the closer.
     */
    private synchronized void startAt(long consultantStartedNanos) {
        if (consultantStartedNanos >= 0 && consultantStartedNanos < startedNanos) {
            startedNanos = consultantStartedNanos;
        }
    }

    /** On the caller's event loop: times {@code call.started} and every minute's {@code call.billing}. */
    private void onCallerEvent(JsonNode event) {
        switch (event.path("type").asText()) {
            case "call.started" -> startedNanos = System.nanoTime();
            case "call.billing" -> onBilling(event.path("charged").asLong(), event.path("balance").asLong(),
                    event.path("secondsLeft").asLong(), System.nanoTime());
            default -> { }
        }
    }

    private synchronized void onBilling(long charged, long balance, long secondsLeft, long arrival) {
        billedMinutes++;
        lastBillingCharged = charged;
        long minute = charged / options.rate() - 1;
        if (minute == 0) {
            firstSecondsLeft = secondsLeft;
            firstBalance = balance;
        }
        if (minute < 1 || startedNanos < 0) {
            return;
        }
        tickArrivals.add(minute);
        counters.ticks.increment();
        long lateness = arrival - (startedNanos + minute * minuteNanos);
        if (lateness < 0) {
            earlyTicks++;
            mostEarlyNanos = Math.max(mostEarlyNanos, -lateness);
        }
        tickLateness.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(lateness)));
    }

    /**
     * Whether the first call.billing's {@code secondsLeft} (the paid minute plus a minute per rate of balance)
     * fits {@code --minute-ms}; a server on another minute would make every tick figure meaningless.
     */
    private synchronized boolean minuteMatches() {
        if (firstSecondsLeft < 0) {
            return true;
        }
        long expectedMs = (firstBalance / options.rate() + 1) * options.minuteMs();
        return Math.abs(firstSecondsLeft * 1000 - expectedMs) <= Math.max(1000, expectedMs / 10);
    }

    private synchronized long earlyTicks() {
        return earlyTicks;
    }

    private synchronized long mostEarlyNanos() {
        return mostEarlyNanos;
    }

    private synchronized long ticksUpTo(long minute) {
        return tickArrivals.stream().filter(m -> m <= minute).count();
    }

    private synchronized long billedMinutes() {
        return billedMinutes;
    }

    private synchronized long lastBillingCharged() {
        return lastBillingCharged;
    }

    private <T> T await(CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void close(CallParty party) throws InterruptedException {
        if (party == null) {
            return;
        }
        try {
            party.close().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            failures.record("close", e);
        }
    }

    /** The call's figures as they are filled in, stage by stage. */
    private final class Progress {
        String stage = "";
        boolean started;
        long setupNanos = -1;
        long mediaNanos = -1;
        String endReason = "";
        long charged = -1;
        long callerBalance = -1;
        long consultantEarnings = -1;
        long expectedTicks;
        boolean minuteMismatch;
        ReceiveTotals callerReceived = ReceiveTotals.NONE;
        ReceiveTotals consultantReceived = ReceiveTotals.NONE;

        CallOutcome outcome() {
            String failedStage = !stage.isEmpty() ? stage : mediaNanos < 0 ? "media" : minuteMismatch ? "minute" : "";
            return new CallOutcome(failedStage, started, setupNanos, mediaNanos, endReason, charged, billedMinutes(),
                    lastBillingCharged(), callerBalance, consultantEarnings, expectedTicks, ticksUpTo(expectedTicks),
                    earlyTicks(), mostEarlyNanos(), callerReceived, consultantReceived);
        }
    }
}

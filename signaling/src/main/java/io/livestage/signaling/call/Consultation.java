package io.livestage.signaling.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Requester;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import java.util.LinkedHashMap;
import java.util.Map;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One paid 1:1 call: a private room of exactly its caller and consultant. Every state change runs
 * on the call's executor. Minutes are counted on "both connected" time: each started minute is
 * charged at its start (minute 0 at acceptance), and while a side is away within its grace
 * period the clock stops, so a resumed call never pays twice for the same time. A charge in
 * flight always completes before the call ends, and a charge that failed without a definite answer
 * (a timeout: it may have committed in the store) is asked once more when the call ends, so
 * {@code call.ended} reports every coin moved.
 */
public final class Consultation implements MediaRoom {
    private static final Logger log = LoggerFactory.getLogger(Consultation.class);

    private enum State { PENDING, RINGING, CONNECTING, ACTIVE, ENDED }

    private final String callId;
    private final String roomId;
    private final Identity caller;
    private final Identity consultant;
    private final long rate;
    private final EventExecutor executor;
    private final CallServices services;
    private final long requestedNanos = System.nanoTime();
    /** Written on the call's executor; volatile so the server API can read it for a listing. */
    private volatile State state = State.PENDING;
    /** Media may flow only between acceptance and the end; read by other threads. */
    private volatile boolean mediaOpen;
    /** The parties' connections, here ({@link Session}) or on another node ({@link RemoteParty}); null while away. */
    private volatile Requester callerParty;
    private volatile Requester consultantParty;
    private CallClock.Timer ringTimer;
    private CallClock.Timer minuteTimer;
    private CallClock.Timer callerGrace;
    private CallClock.Timer consultantGrace;
    private final CallMeter meter;
    /** Completes once both sides were told the call ended (or it never rang): what a shutdown waits for. */
    private final Promise<Void> ended;
    /** The consultant's {@code call.accept}, answered by {@code call.started} or, if it never starts, {@code call.ended}. */
    private JsonNode acceptId;
    private boolean charging;
    /** A minute whose last charge failed with its outcome unknown (-1: none): it may have committed. */
    private int unsettledMinute = -1;
    /** The end's one extra ask for the unsettled minute was made. */
    private boolean settling;
    /** When billing failed for a reason other than funds: retried until the grace period runs out. */
    private long billingFailingSince = -1;
    /** An end asked for while a charge was in flight, carried out when it lands. */
    private Runnable endAfterCharge;

    Consultation(String callId, String roomId, Requester callerParty, Requester consultantParty, long rate,
                 EventExecutor executor, CallServices services) {
        this(callId, roomId, callerParty.identity(), consultantParty.identity(), rate, executor, services,
                new CallMeter(services.config().minuteMs(), rate));
        this.callerParty = callerParty;
        this.consultantParty = consultantParty;
        enter(callerParty);
        enter(consultantParty);
        services.metrics().ringing(1);
    }

    private Consultation(String callId, String roomId, Identity caller, Identity consultant, long rate,
                         EventExecutor executor, CallServices services, CallMeter meter) {
        this.callId = callId;
        this.roomId = roomId;
        this.caller = caller;
        this.consultant = consultant;
        this.rate = rate;
        this.executor = executor;
        this.services = services;
        this.meter = meter;
        this.ended = executor.newPromise();
    }

    /**
     * A call in progress whose node died, carried on here from its record: its clock stopped where the record
     * left it (time after the last change is not billed: nobody can say how much of it both parties had), both
     * parties away with a grace period each; they take their seats back with {@link #resume}, and the next
     * minute is the record's next, which the gift store charges at most once whoever asks.
     */
    static Consultation takenOver(CallRecord record, EventExecutor executor, CallServices services) {
        Consultation call = new Consultation(record.callId(), record.roomId(),
                new Identity(record.callerId(), record.callerName(), java.util.Set.of(), true, null),
                new Identity(record.consultantId(), record.consultantName(), java.util.Set.of(), true, null),
                record.rate(), executor, services, CallMeter.restored(services.config().minuteMs(), record.rate(),
                        record.activeMillis(), record.minutesCharged(), record.charged(), record.balance()));
        call.state = State.ACTIVE;
        call.mediaOpen = true;
        services.metrics().active(1);
        executor.execute(() -> {
            call.callerGrace = services.clock().schedule(executor, () -> call.graceOver(true), services.config().graceMs());
            call.consultantGrace = services.clock().schedule(executor, () -> call.graceOver(false), services.config().graceMs());
            call.save();
        });
        return call;
    }

    public String callId() {
        return callId;
    }

    @Override
    public String roomId() {
        return roomId;
    }

    /** What the platform's listing shows of this call; safe from any thread. */
    public CallSummary summary() {
        return new CallSummary(callId, roomId, caller.userId(), consultant.userId(), rate,
                state.name().toLowerCase(Locale.ROOT));
    }

    String callerId() {
        return caller.userId();
    }

    String consultantId() {
        return consultant.userId();
    }

    long rate() {
        return rate;
    }

    /** The caller can pay the first minute: ring the consultant. */
    void ring(JsonNode requestId) {
        executor.execute(() -> {
            if (state != State.PENDING) {
                return;
            }
            state = State.RINGING;
            // The timeout counts from before anyone hears of the call.
            ringTimer = services.clock().schedule(executor, () -> {
                if (state == State.RINGING) {
                    finish(CallEndReason.NO_ANSWER, null, null);
                }
            }, services.config().ringTimeoutMs());
            send(callerParty, new ServerMessage.CallRinging(requestId, callId, rate));
            send(consultantParty, new ServerMessage.CallIncoming(callId,
                    new ServerMessage.Person(caller.userId(), caller.name()), rate));
        });
    }

    /** The call never rang (the first minute is not affordable, or the check failed): it goes quietly. */
    void refuse(JsonNode requestId, ErrorCode code, String message) {
        executor.execute(() -> {
            if (state == State.PENDING) {
                dropPending();
                callerParty.sendError(requestId, code, message);
            }
        });
    }

    /** Ends a call nobody was rung for yet: the consultant never heard of it, so only the reservation goes. */
    private void dropPending() {
        state = State.ENDED;
        services.metrics().ringing(-1);
        leaveRooms();
        services.onEnded().accept(this);
        ended.trySuccess(null);
    }

    void accept(Requester session, JsonNode requestId) {
        executor.execute(() -> {
            if (!isConsultant(session, requestId, "accept")) {
                return;
            }
            if (state != State.RINGING) {
                session.sendError(requestId, ErrorCode.CONFLICT, "call " + callId + " is not ringing");
                return;
            }
            ringTimer.cancel();
            if (!same(session, consultantParty)) {
                switchSession(consultantParty, session);
                consultantParty = session;
            }
            state = State.CONNECTING;
            acceptId = requestId;
            chargeMinute(0);
        });
    }

    void decline(Requester session, JsonNode requestId) {
        executor.execute(() -> {
            if (!isConsultant(session, requestId, "decline")) {
                return;
            }
            if (state != State.RINGING) {
                session.sendError(requestId, ErrorCode.CONFLICT, "call " + callId + " is not ringing");
                return;
            }
            finish(CallEndReason.DECLINED, session, requestId);
        });
    }

    /** {@code call.end} from either side, also while ringing. */
    void hangUp(Requester session, JsonNode requestId) {
        executor.execute(() -> {
            if (!isParticipant(session, requestId)) {
                return;
            }
            if (over()) {
                session.sendError(requestId, ErrorCode.NOT_FOUND, "call " + callId + " has ended");
                return;
            }
            finish(CallEndReason.HANGUP, session, requestId);
        });
    }

    /** A participant's new connection takes its seat back (after a drop, or from another device). */
    void resume(Requester session, JsonNode requestId) {
        executor.execute(() -> {
            if (!isParticipant(session, requestId)) {
                return;
            }
            if (state != State.ACTIVE) {
                session.sendError(requestId, ErrorCode.CONFLICT, "call " + callId + " is not in progress");
                return;
            }
            boolean isCaller = session.identity().userId().equals(caller.userId());
            Requester previous = isCaller ? callerParty : consultantParty;
            if (!same(previous, session)) {
                switchSession(previous, session);
            }
            if (isCaller) {
                callerParty = session;
                callerGrace = cancel(callerGrace);
            } else {
                consultantParty = session;
                consultantGrace = cancel(consultantGrace);
            }
            // Unasked (no request id), it is this node carrying on a call whose node died: the party's media moves.
            session.send(new ServerMessage.CallStarted(requestId, callId, roomId, requestId == null ? Boolean.TRUE : null));
            if (previous == null) {
                send(other(session), new ServerMessage.CallPeer(callId, session.identity().userId(), "back"));
                resumeBilling();
            }
            if (other(session) == null) {
                // Back before the other party (both dropped, or the call's node died under them): the clock waits.
                session.send(new ServerMessage.CallPeer(callId, (isCaller ? consultant : caller).userId(), "away"));
            }
            if (isCaller && meter.nextMinute() > 0) {
                session.send(billing());
            }
        });
    }

    /**
     * Ends the call for a server shutdown; completes once both sides have been told, which waits for a charge
     * in flight (and the end's settling ask) to land, so the notice reports what was paid.
     */
    Future<Void> shutdown() {
        executor.execute(this::endForShutdown);
        return ended;
    }

    private void endForShutdown() {
        if (state == State.PENDING) {
            dropPending();
        } else {
            finish(CallEndReason.SERVER_SHUTDOWN, null, null);
        }
    }

    /**
     * This node stops (a cluster node drained for a deploy, or stopped) while the call goes on: in progress, it is
     * handed on rather than ended. Its record stays, for the other party's node, which drops this node at its
     * goodbye, or the node a party here comes back through, to carry the call on from it as when a node dies,
     * without waiting for the expiry. This copy stops without an end once a minute charge in flight has landed
     * (the next node charges from the record's minute on, each minute once by call and minute); its parties here
     * are left to reconnect as the node closes their connections, and a party on another node is left in the
     * call. Not yet accepted, it ends as at any shutdown. Completes when this copy has stopped.
     */
    Future<Void> handOn() {
        executor.execute(() -> {
            if (state == State.ACTIVE) {
                handOnNow();
            } else {
                endForShutdown();
            }
        });
        return ended;
    }

    private void handOnNow() {
        if (state != State.ACTIVE) {
            return;
        }
        if (charging) {
            if (endAfterCharge == null) {
                endAfterCharge = this::handOnNow;
            }
            return;
        }
        endAfterCharge = null;
        save();
        log.info("call {}: this node stops; the call goes on at the node that carries it on from its record", callId);
        stopHere();
        // Only this node's connections leave: telling a party's node it left would keep that node from carrying on.
        for (Requester party : new Requester[] {callerParty, consultantParty}) {
            if (party instanceof Session session) {
                session.rooms().remove(this);
            }
        }
        callerParty = null;
        consultantParty = null;
        ended.trySuccess(null);
    }

    @Override
    public void memberGone(Session session) {
        partyGone(session);
    }

    /** A party's connection closed, here or on another node; any thread. */
    void partyGone(Requester party) {
        services.media().left(party, roomId);
        executor.execute(() -> {
            boolean isCaller = same(party, callerParty);
            if (!isCaller && !same(party, consultantParty)) {
                return;
            }
            Requester session = isCaller ? callerParty : consultantParty;
            if (state == State.PENDING) {
                dropPending();
                return;
            }
            if (state != State.ACTIVE) {
                finish(CallEndReason.PEER_LOST, null, null);
                return;
            }
            pauseBilling();
            save();
            CallClock.Timer grace = services.clock().schedule(executor, () -> graceOver(isCaller),
                    services.config().graceMs());
            if (isCaller) {
                callerParty = null;
                callerGrace = grace;
            } else {
                consultantParty = null;
                consultantGrace = grace;
            }
            send(other(session), new ServerMessage.CallPeer(callId, session.identity().userId(), "away"));
        });
    }

    private void graceOver(boolean callerAway) {
        boolean stillAway = callerAway ? callerParty == null : consultantParty == null;
        if (state == State.ACTIVE && stillAway) {
            finish(CallEndReason.PEER_LOST, null, null);
        }
    }

    @Override
    public boolean mayPublish(String userId) {
        return caller.userId().equals(userId) || consultant.userId().equals(userId);
    }

    /** A party's current connection, once the call was accepted and until it ends; safe from any thread. */
    @Override
    public boolean hasMember(Session session) {
        return hasParty(session);
    }

    /** Whether the connection is a party's current one, once the call was accepted and until it ends; any thread. */
    boolean hasParty(Requester party) {
        Requester caller = callerParty;
        Requester consultant = consultantParty;
        return mediaOpen && (same(party, caller) || same(party, consultant));
    }

    @Override
    public void publisherChanged(String userId, boolean live) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            ServerMessage event = new ServerMessage.RoomPublisher(roomId, userId, live ? "live" : "gone");
            send(callerParty, event);
            send(consultantParty, event);
        });
    }

    private void chargeMinute(int minute) {
        charging = true;
        CompletionStage<GiftBridge.MinuteCharge> charge;
        try {
            charge = services.gifts().chargeCallMinute(new GiftBridge.CallMinute(callId, roomId, caller.userId(),
                    consultant.userId(), minute, rate));
        } catch (RuntimeException e) {
            charge = CompletableFuture.failedFuture(e);
        }
        charge.whenComplete((result, failure) -> executor.execute(() -> {
            // Every answer lands, a bridge's bug included: a charge that never lands would hold the call for ever.
            Throwable outcome = failure == null && result == null
                    ? new IllegalStateException("the wallet service answered with no charge") : failure;
            charged(minute, result, outcome);
        }));
    }

    private void charged(int minute, GiftBridge.MinuteCharge charge, Throwable failure) {
        charging = false;
        Throwable cause = failure == null ? null : ProtocolException.causeOf(failure);
        boolean refused = cause instanceof ProtocolException protocol && protocol.code() == ErrorCode.INSUFFICIENT_FUNDS;
        if (failure == null) {
            billingFailingSince = -1;
            unsettledMinute = -1;
            meter.charged(minute, charge.charged(), charge.balance());
            services.metrics().minuteBilled(rate);
            if (state == State.CONNECTING) {
                start();
            }
            save();
            // After call.started, so the platform hears of the call before its first minute. Asked again (a
            // retry, the end's re-ask), the minute keeps its delivery id and is kept once.
            Map<String, Object> data = parties();
            data.put("minute", minute);
            data.put("coins", rate);
            data.put("charged", charge.charged());
            services.webhooks().append(WebhookEvent.of(WebhookEventType.CALL_MINUTE_CHARGED, callId + ":" + minute, data));
            send(callerParty, billing());
        } else {
            // Too few coins is a definite answer (and shows an earlier failed try did not commit either); any
            // other failure may have come after the store committed.
            unsettledMinute = refused ? -1 : minute;
            if (!(cause instanceof ProtocolException)) {
                log.error("charging minute {} of call {} failed", minute, callId, cause);
            }
        }
        if (endAfterCharge != null) {
            endAfterCharge.run();
            return;
        }
        if (failure != null) {
            chargeFailed(minute, refused);
        } else if (meter.running()) {
            scheduleNextMinute();
        }
    }

    private void chargeFailed(int minute, boolean insufficientFunds) {
        if (insufficientFunds) {
            finish(CallEndReason.INSUFFICIENT_FUNDS, null, null);
            return;
        }
        long now = services.clock().millis();
        if (billingFailingSince < 0) {
            billingFailingSince = now;
        }
        if (now - billingFailingSince >= services.config().graceMs()) {
            finish(CallEndReason.BILLING_UNAVAILABLE, null, null);
            return;
        }
        // The charge may have committed before the failure was seen; the retry of the same minute is idempotent.
        minuteTimer = services.clock().schedule(executor, () -> {
            if (state == State.CONNECTING || (state == State.ACTIVE && meter.running() && minute == meter.nextMinute())) {
                chargeMinute(minute);
            }
        }, CallServices.BILLING_RETRY_MS);
    }

    private void start() {
        state = State.ACTIVE;
        mediaOpen = true;
        meter.run(services.clock().millis());
        services.metrics().ringing(-1);
        services.metrics().active(1);
        services.metrics().setUp(System.nanoTime() - requestedNanos);
        send(callerParty, new ServerMessage.CallStarted(null, callId, roomId));
        send(consultantParty, new ServerMessage.CallStarted(acceptId, callId, roomId));
        acceptId = null;
        Map<String, Object> data = parties();
        data.put("rate", rate);
        services.webhooks().append(WebhookEvent.of(WebhookEventType.CALL_STARTED, callId, data));
    }

    /** The fields every call event begins with. */
    private Map<String, Object> parties() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callId", callId);
        data.put("roomId", roomId);
        data.put("callerId", caller.userId());
        data.put("consultantId", consultant.userId());
        return data;
    }

    private void scheduleNextMinute() {
        int minute = meter.nextMinute();
        minuteTimer = services.clock().schedule(executor, () -> {
            if (state == State.ACTIVE && meter.running() && !charging && meter.nextMinute() == minute) {
                chargeMinute(minute);
            }
        }, meter.untilNextMinute(services.clock().millis()));
    }

    private void pauseBilling() {
        meter.stop(services.clock().millis());
        minuteTimer = cancel(minuteTimer);
    }

    private void resumeBilling() {
        if (callerParty == null || consultantParty == null || meter.running()) {
            return;
        }
        meter.run(services.clock().millis());
        save();
        if (!charging) {
            scheduleNextMinute();
        }
    }

    /**
     * This node had been taken for dead and is listed again: whether another node took this call over meanwhile is
     * found out now, not at the call's next minute, so the parties are sent there at once.
     */
    void checkStillHere() {
        executor.execute(this::save);
    }

    /**
     * Tells the cluster's call store where this call stands, for another node to carry it on if this one dies; and
     * hears from it whether another node took it over meanwhile.
     */
    private void save() {
        if (state == State.ACTIVE) {
            services.store().save(new CallRecord(callId, roomId, services.nodeId(), caller.userId(), caller.name(),
                    consultant.userId(), consultant.name(), rate, meter.nextMinute(), meter.charged(), meter.balance(),
                    meter.elapsed(services.clock().millis()))).thenAccept(written -> {
                        if (!written) {
                            executor.execute(this::lost);
                        }
                    });
        }
    }

    /**
     * Another node took this call over: it took this node for dead (its registry entry expired: a stall, a lost
     * Redis), claimed the call and runs it now with the party connected there. Two copies must not go on, each
     * with one party: this one stops without an end (the call goes on there, which bills and ends it) and sends
     * its parties here to that node, which answers each with {@code call.started moved}. A minute this copy
     * charged meanwhile is the same minute there (charged once by call and minute).
     */
    private void lost() {
        if (state != State.ACTIVE) {
            return;
        }
        log.warn("call {}: another node carries it on now; its parties here are sent there", callId);
        stopHere();
        leaveRooms();
        ended.trySuccess(null);
        Requester[] parties = {callerParty, consultantParty};
        // A charge in flight still lands here: its call.billing comes from the node that runs the call, not this copy.
        callerParty = null;
        consultantParty = null;
        for (Requester party : parties) {
            if (party instanceof Session session) {
                services.onMoved().accept(callId, session);
            }
        }
    }

    /** This copy of a call in progress stops without an end: the call goes on at another node. */
    private void stopHere() {
        state = State.ENDED;
        mediaOpen = false;
        pauseBilling();
        callerGrace = cancel(callerGrace);
        consultantGrace = cancel(consultantGrace);
        services.metrics().active(-1);
        services.onEnded().accept(this);
        services.media().roomClosed(roomId);
    }

    private ServerMessage.CallBilling billing() {
        return new ServerMessage.CallBilling(callId, meter.charged(), meter.balance(),
                meter.secondsLeft(services.clock().millis()));
    }

    private void finish(CallEndReason reason, Requester requester, JsonNode requestId) {
        if (state == State.ENDED) {
            return;
        }
        if (charging) {
            if (endAfterCharge == null) {
                endAfterCharge = () -> finish(reason, requester, requestId);
            }
            return;
        }
        if (unsettledMinute >= 0 && !settling) {
            // The last charge failed on our side, but it may have committed in the store (a timeout after the
            // write). Asked once more as the same minute, which is charged at most once, the store answers what
            // was paid, so call.ended reports it. That minute had started, so it is owed either way.
            settling = true;
            endAfterCharge = () -> finish(reason, requester, requestId);
            minuteTimer = cancel(minuteTimer);
            chargeMinute(unsettledMinute);
            return;
        }
        if (unsettledMinute >= 0) {
            log.warn("call {} ended with minute {} unsettled: its charge may have committed; the ledger has the truth",
                    callId, unsettledMinute);
        }
        endAfterCharge = null;
        State was = state;
        state = State.ENDED;
        mediaOpen = false;
        pauseBilling();
        ringTimer = cancel(ringTimer);
        callerGrace = cancel(callerGrace);
        consultantGrace = cancel(consultantGrace);
        services.metrics().ended(reason.wire());
        if (was == State.ACTIVE) {
            services.metrics().active(-1);
        } else {
            services.metrics().ringing(-1);
        }
        services.onEnded().accept(this);
        services.media().roomClosed(roomId);
        if (was == State.ACTIVE) {
            services.store().remove(callId, services.nodeId());
        }
        long durationSec = meter.durationSec(services.clock().millis());
        Map<String, Object> data = parties();
        data.put("reason", reason.wire());
        data.put("started", was == State.ACTIVE);
        data.put("durationSec", durationSec);
        data.put("charged", meter.charged());
        services.webhooks().append(WebhookEvent.of(WebhookEventType.CALL_ENDED, callId, data));
        for (Requester side : new Requester[] {callerParty, consultantParty}) {
            if (side != null) {
                // A call that ends before it started answers the consultant's call.accept with the end.
                JsonNode id = same(side, requester) ? requestId : side == consultantParty ? acceptId : null;
                side.send(new ServerMessage.CallEnded(id, callId, reason.wire(), durationSec, meter.charged()));
            }
        }
        if (requester != null && !same(requester, callerParty) && !same(requester, consultantParty)) {
            requester.send(new ServerMessage.CallEnded(requestId, callId, reason.wire(), durationSec, meter.charged()));
        }
        if (acceptId != null && same(requester, consultantParty)) {
            // The consultant ended it themselves: their call.end took the call.ended, the accept gets its own answer.
            consultantParty.sendError(acceptId, ErrorCode.CONFLICT, "call " + callId + " ended before it started");
        }
        acceptId = null;
        leaveRooms();
        ended.trySuccess(null);
    }

    private void leaveRooms() {
        if (callerParty != null) {
            exit(callerParty);
        }
        if (consultantParty != null) {
            exit(consultantParty);
        }
    }

    /** Another connection of the same user takes over: the old one leaves the room and its media. */
    private void switchSession(Requester previous, Requester next) {
        if (previous != null) {
            exit(previous);
            services.media().left(previous, roomId);
        }
        enter(next);
    }

    /** The connection becomes a member of the call's room: here its session, elsewhere through its node. */
    private void enter(Requester party) {
        if (party instanceof Session session) {
            session.rooms().add(this);
        } else if (party instanceof RemoteParty remote) {
            remote.joined(callId, roomId);
        }
    }

    private void exit(Requester party) {
        if (party instanceof Session session) {
            session.rooms().remove(this);
        } else if (party instanceof RemoteParty remote) {
            remote.left(callId);
        }
    }

    /** The same connection: a session here is itself, a party elsewhere is its node and session there. */
    private static boolean same(Requester a, Requester b) {
        return a == b || (a != null && b != null && a.getClass() == b.getClass() && a.id().equals(b.id()));
    }

    /** Ended, or ending as soon as the charge in flight lands. */
    private boolean over() {
        return state == State.ENDED || endAfterCharge != null;
    }

    private boolean isParticipant(Requester session, JsonNode requestId) {
        if (!mayPublish(session.identity().userId())) {
            session.sendError(requestId, ErrorCode.FORBIDDEN, "call " + callId + " is not yours");
            return false;
        }
        return true;
    }

    private boolean isConsultant(Requester session, JsonNode requestId, String action) {
        if (!consultant.userId().equals(session.identity().userId())) {
            session.sendError(requestId, ErrorCode.FORBIDDEN, "only the consultant called can " + action + " call " + callId);
            return false;
        }
        if (over()) {
            session.sendError(requestId, ErrorCode.NOT_FOUND, "call " + callId + " has ended");
            return false;
        }
        return true;
    }

    private Requester other(Requester session) {
        return session.identity().userId().equals(caller.userId()) ? consultantParty : callerParty;
    }

    private static void send(Requester session, ServerMessage message) {
        if (session != null) {
            session.send(message);
        }
    }

    private static CallClock.Timer cancel(CallClock.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
        return null;
    }
}

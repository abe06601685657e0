package io.livestage.signaling.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.RoomIds;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paid calls of this node: who is available, admission (a user is in at most one call, as
 * caller or consultant), and the {@code consultant.*} / {@code call.*} requests. Admission is
 * one short critical section; everything after it runs on the call's own executor.
 */
public final class Consultations {
    private static final Logger log = LoggerFactory.getLogger(Consultations.class);

    private final CallsConfig config;
    private final EventExecutorGroup executors;
    private final GiftBridge gifts;
    private final CallServices services;
    private final ConsultantRoster roster = new ConsultantRoster();
    private final RoomIds ids = new RoomIds();
    private final Map<String, Consultation> byCall = new ConcurrentHashMap<>();
    private final Map<String, Consultation> byRoom = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: both parties of every call that is not over. */
    private final Map<String, Consultation> byUser = new ConcurrentHashMap<>();

    public Consultations(CallsConfig config, CallClock clock, EventExecutorGroup executors, MediaPlane media,
                         GiftBridge gifts, CallMetrics metrics) {
        this(config, clock, executors, media, gifts, metrics, WebhookOutbox.NONE);
    }

    /** With the outbox calls' starts, charged minutes and ends are reported to. */
    public Consultations(CallsConfig config, CallClock clock, EventExecutorGroup executors, MediaPlane media,
                         GiftBridge gifts, CallMetrics metrics, WebhookOutbox webhooks) {
        this.config = config;
        this.executors = executors;
        this.gifts = gifts;
        this.services = new CallServices(config, clock, media, gifts, metrics, this::ended, webhooks);
    }

    /**
     * {@code consultant.status}: a consultant goes available at their token's rate, or away. Only verified
     * adults go available: being paid is a transaction, and transactions are for over-18s only.
     */
    public void status(Session session, ClientMessage.ConsultantStatus status) {
        Identity who = session.identity();
        if (!who.has(Role.CONSULTANT)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "role 'consultant' is needed to take calls");
        }
        long rate = who.ratePerMinute() == null ? config.defaultRate() : who.ratePerMinute();
        if (status.available()) {
            if (!who.adult()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "paid calls are for verified adults (18+)");
            }
            if (!config.allows(rate)) {
                throw ProtocolException.badRequest("your rate of " + rate + " coins per minute is outside the allowed "
                        + config.minRate() + ".." + config.maxRate());
            }
            roster.available(new ConsultantRoster.Consultant(who.userId(), who.name(), rate, session));
        } else {
            roster.away(who.userId());
        }
        session.send(new ServerMessage.ConsultantStatus(status.id(), status.available(), rate));
    }

    /** This node's available consultants, {@code busy} while in a call. */
    public List<ServerMessage.ConsultantSummary> available() {
        List<ServerMessage.ConsultantSummary> consultants = new ArrayList<>();
        for (ConsultantRoster.Consultant c : roster.list()) {
            consultants.add(new ServerMessage.ConsultantSummary(c.userId(), c.name(), c.rate(), byUser.containsKey(c.userId())));
        }
        return consultants;
    }

    /**
     * {@code call.request}: paid calls are for verified adults who can pay the first minute. The
     * pair is reserved first, so two callers cannot both ring the same consultant.
     */
    public void request(Session session, ClientMessage.CallRequest request) {
        Identity caller = session.identity();
        if (!caller.adult()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "paid calls are for verified adults (18+)");
        }
        if (request.consultantId().equals(caller.userId())) {
            throw ProtocolException.badRequest("you cannot call yourself");
        }
        Consultation call = admit(session, request.consultantId());
        JsonNode id = request.id();
        gifts.wallet(caller.userId()).whenComplete((wallet, failure) -> {
            // Every outcome rings or refuses: a call left pending would keep both parties reserved for ever.
            Throwable cause = failure != null ? ProtocolException.causeOf(failure)
                    : wallet == null ? new IllegalStateException("the wallet service answered with no wallet") : null;
            if (cause instanceof ProtocolException refused) {
                call.refuse(id, refused.code(), "cannot check your balance: " + refused.getMessage());
            } else if (cause != null) {
                log.error("balance check of {} for call {} failed", caller.userId(), call.callId(), cause);
                call.refuse(id, ErrorCode.INTERNAL, "internal error");
            } else if (wallet.balance() < call.rate()) {
                call.refuse(id, ErrorCode.INSUFFICIENT_FUNDS, "your balance of " + wallet.balance()
                        + " coins cannot pay the first minute (" + call.rate() + " coins)");
            } else {
                call.ring(id);
            }
        });
    }

    private synchronized Consultation admit(Session callerSession, String consultantId) {
        String callerId = callerSession.identity().userId();
        ConsultantRoster.Consultant consultant = roster.find(consultantId);
        if (consultant == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "consultant " + consultantId + " is not available");
        }
        Consultation current = byUser.get(callerId);
        if (current != null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you are already in call " + current.callId());
        }
        if (byUser.containsKey(consultantId)) {
            throw new ProtocolException(ErrorCode.CONFLICT, "consultant " + consultantId + " is busy in another call");
        }
        Consultation call = new Consultation(ids.next('c', 16), ids.next('k', 16), callerSession, consultant.session(), consultant.rate(),
                executors.next(), services);
        byUser.put(callerId, call);
        byUser.put(consultantId, call);
        byCall.put(call.callId(), call);
        byRoom.put(call.roomId(), call);
        return call;
    }

    private synchronized void ended(Consultation call) {
        byUser.remove(call.callerId(), call);
        byUser.remove(call.consultantId(), call);
        byCall.remove(call.callId(), call);
        byRoom.remove(call.roomId(), call);
    }

    public void accept(Session session, ClientMessage.CallAccept accept) {
        call(accept.callId()).accept(session, accept.id());
    }

    public void decline(Session session, ClientMessage.CallDecline decline) {
        call(decline.callId()).decline(session, decline.id());
    }

    public void end(Session session, ClientMessage.CallEnd end) {
        call(end.callId()).hangUp(session, end.id());
    }

    public void resume(Session session, ClientMessage.CallResume resume) {
        call(resume.callId()).resume(session, resume.id());
    }

    /** The call whose media room this is. */
    public Optional<Consultation> room(String roomId) {
        return Optional.ofNullable(byRoom.get(roomId));
    }

    /**
     * The session's token was refreshed: a consultant it made available stays so only while the new
     * token still makes them one at an allowed rate, and is listed with its new name and rate. A call
     * in progress keeps the rate it was accepted at.
     */
    public void identityRefreshed(Session session) {
        Identity who = session.identity();
        long rate = who.ratePerMinute() == null ? config.defaultRate() : who.ratePerMinute();
        // Being paid is for verified adults: a refreshed token without adult takes the consultant away.
        boolean stillConsultant = who.has(Role.CONSULTANT) && who.adult() && config.allows(rate);
        roster.replace(session, stillConsultant ? new ConsultantRoster.Consultant(who.userId(), who.name(), rate, session) : null);
    }

    /** The connection closed: a consultant it made available is away now (its calls hear it as members). */
    public void sessionGone(Session session) {
        roster.sessionGone(session);
    }

    /** The calls of this node not yet ended, by call id; for the server API. */
    public List<CallSummary> summaries() {
        return byCall.values().stream().map(Consultation::summary).filter(call -> !call.state().equals("ended"))
                .sorted(Comparator.comparing(CallSummary::callId)).toList();
    }

    public int size() {
        return byCall.size();
    }

    /** Ends every call with {@code server_shutdown}; each future completes once both sides have been told. */
    public List<Future<Void>> endAll() {
        List<Future<Void>> ending = new ArrayList<>();
        for (Consultation call : byCall.values()) {
            ending.add(call.shutdown());
        }
        return ending;
    }

    private Consultation call(String callId) {
        Consultation call = byCall.get(callId);
        if (call == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no call " + callId);
        }
        return call;
    }
}

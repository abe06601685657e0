package io.livestage.signaling.call;

import io.livestage.signaling.cluster.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.cluster.BusCodec;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Requester;
import io.livestage.signaling.session.Room;
import io.livestage.signaling.session.RoomIds;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paid calls of this node: who is available, admission (a user is in at most one call, as
 * caller or consultant), and the {@code consultant.*} / {@code call.*} requests. Admission is
 * one short critical section; everything after it runs on the call's own executor. In a cluster a
 * call runs on its consultant's node: a caller connected elsewhere asks it over the cluster bus, and
 * that node answers the caller's call and media requests ({@link CallRelay}) while the media flows
 * straight between the caller and the call's node.
 */
public final class Consultations {
    private static final Logger log = LoggerFactory.getLogger(Consultations.class);
    /** Stands for a connection whose identity does not matter (it is only compared by node and session). */
    private static final Identity NOBODY = new Identity("", "", Set.of(), false, null);

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
    private final MediaPlane media;
    private final ClusterDirectory cluster;
    private final CallRelay relay;
    private final Function<String, Session> sessions;
    private final RunStore<CallRecord> store;
    /** The calls other nodes run for connections here, by call id and session id; for a node that dies. */
    private final Map<String, RemoteCall> remote = new ConcurrentHashMap<>();
    /** {@code call.resume}s sent to another node and not answered yet, by session id: asked again if it dies. */
    private final Map<String, PendingResume> resuming = new ConcurrentHashMap<>();

    private record PendingResume(Session session, ClientMessage.CallResume resume, String node) {}

    public Consultations(CallsConfig config, CallClock clock, EventExecutorGroup executors, MediaPlane media,
                         GiftBridge gifts, CallMetrics metrics) {
        this(config, clock, executors, media, gifts, metrics, WebhookOutbox.NONE);
    }

    /** With the outbox calls' starts, charged minutes and ends are reported to. */
    public Consultations(CallsConfig config, CallClock clock, EventExecutorGroup executors, MediaPlane media,
                         GiftBridge gifts, CallMetrics metrics, WebhookOutbox webhooks) {
        this(config, clock, executors, media, gifts, metrics, webhooks, new ClusterDirectory(), ClusterBus.NONE, null,
                id -> null, RunStore.none());
    }

    /**
     * As a node of a cluster: the directory says which node a consultant is available on, the bus carries a
     * party's requests to the node that runs its call and that node's answers back; {@code sessions} finds this
     * node's open connection by id (null when closed); {@code store} keeps the calls in progress so that a party's
     * node carries one on when the node that ran it dies.
     */
    public Consultations(CallsConfig config, CallClock clock, EventExecutorGroup executors, MediaPlane media,
                         GiftBridge gifts, CallMetrics metrics, WebhookOutbox webhooks, ClusterDirectory cluster,
                         ClusterBus bus, BusCodec codec, Function<String, Session> sessions, RunStore<CallRecord> store) {
        this.config = config;
        this.executors = executors;
        this.gifts = gifts;
        this.media = media;
        this.cluster = cluster;
        this.sessions = sessions;
        this.relay = new CallRelay(cluster.nodeId(), bus, codec);
        this.store = store;
        this.services = new CallServices(config, clock, media, gifts, metrics, this::ended, webhooks, store,
                cluster.nodeId(), (callId, session) -> resume(session, new ClientMessage.CallResume(null, callId)));
        if (bus.enabled()) {
            bus.receive(this::onBus);
            cluster.onNodesLeft(this::nodesLeft);
            cluster.onRejoined(() -> byCall.values().forEach(Consultation::checkStillHere));
        }
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
        ServerMessage.ConsultantStatus done = new ServerMessage.ConsultantStatus(status.id(), status.available(), rate);
        if (status.available() && relay.enabled()) {
            // Answered once listed on the other nodes, not at the next heartbeat: callers there may ask at once.
            cluster.refreshNow().whenComplete((ignored, failure) -> session.send(done));
        } else {
            session.send(done);
        }
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
        checkCaller(session.identity(), request);
        if (roster.find(request.consultantId()) != null || !relay.enabled()) {
            ask(session, request);
            return;
        }
        if (remoteCall(session, null) != null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you are already in a call");
        }
        Optional<String> node = cluster.consultantNode(request.consultantId());
        if (node.isPresent()) {
            relay.request("", node.get(), session.id(), session.identity(), request);
            return;
        }
        // Gone available elsewhere since the last heartbeat, perhaps: the registry is read once more.
        cluster.refreshNow().whenComplete((ignored, failure) -> {
            Optional<String> found = cluster.consultantNode(request.consultantId());
            if (roster.find(request.consultantId()) != null) {
                answerRequest(session, request);
            } else if (found.isPresent()) {
                relay.request("", found.get(), session.id(), session.identity(), request);
            } else {
                session.sendError(request.id(), ErrorCode.NOT_FOUND,
                        "consultant " + request.consultantId() + " is not available");
            }
        });
    }

    private static void checkCaller(Identity caller, ClientMessage.CallRequest request) {
        if (!caller.adult()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "paid calls are for verified adults (18+)");
        }
        if (request.consultantId().equals(caller.userId())) {
            throw ProtocolException.badRequest("you cannot call yourself");
        }
    }

    /** {@link #ask}, its refusal sent as the reply. */
    private void answerRequest(Requester caller, ClientMessage.CallRequest request) {
        try {
            ask(caller, request);
        } catch (ProtocolException e) {
            caller.sendError(request.id(), e.code(), e.getMessage());
        }
    }

    /** A caller (here or on another node) asks a consultant available here. */
    private void ask(Requester session, ClientMessage.CallRequest request) {
        Identity caller = session.identity();
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

    private synchronized Consultation admit(Requester callerParty, String consultantId) {
        String callerId = callerParty.identity().userId();
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
        Consultation call = new Consultation(ids.next('c', 16), ids.next('k', 16), callerParty, consultant.session(), consultant.rate(),
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
        if (!forwarded(session, accept.callId(), accept)) {
            call(accept.callId()).accept(session, accept.id());
        }
    }

    public void decline(Session session, ClientMessage.CallDecline decline) {
        if (!forwarded(session, decline.callId(), decline)) {
            call(decline.callId()).decline(session, decline.id());
        }
    }

    public void end(Session session, ClientMessage.CallEnd end) {
        if (!forwarded(session, end.callId(), end)) {
            call(end.callId()).hangUp(session, end.id());
        }
    }

    public void resume(Session session, ClientMessage.CallResume resume) {
        if (forwarded(session, resume.callId(), resume)) {
            return;
        }
        Consultation here = byCall.get(resume.callId());
        if (here != null || !relay.enabled()) {
            call(resume.callId()).resume(session, resume.id());
            return;
        }
        // Back through a node that does not run the call: the store says which does, or that none does any more.
        store.find(resume.callId()).whenComplete((found, failure) -> {
            if (failure != null) {
                log.warn("finding call {} for {} failed: {}", resume.callId(), session, failure.toString());
                session.sendError(resume.id(), ErrorCode.UNAVAILABLE, "cannot find the call right now; try again");
            } else if (found.isEmpty()) {
                Consultation arrived = byCall.get(resume.callId());
                if (arrived != null) {
                    arrived.resume(session, resume.id());
                } else {
                    session.sendError(resume.id(), ErrorCode.NOT_FOUND, "no call " + resume.callId());
                }
            } else {
                resumeAt(session, resume, found.get());
            }
        });
    }

    /** Resumes the call where its record says it runs, or carries it on here when that node is gone. */
    private void resumeAt(Session session, ClientMessage.CallResume resume, CallRecord record) {
        String node = record.node();
        Consultation here = byCall.get(record.callId());
        if (here != null) {
            here.resume(session, resume.id());
        } else if (alive(node)) {
            resuming.put(session.id(), new PendingResume(session, resume, node));
            relay.request(record.callId(), node, session.id(), session.identity(), resume);
        } else {
            takeOver(record, session, resume);
        }
    }

    private boolean alive(String node) {
        if (node.equals(cluster.nodeId())) {
            return true;
        }
        for (var listing : cluster.others()) {
            if (listing.nodeId().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Carries on, here, a call whose node is gone (claimed in the store, so one node does), then resumes the
     * party: here, or at the node that claimed it first (its record names it now).
     */
    private void takeOver(CallRecord record, Session session, ClientMessage.CallResume resume) {
        store.claim(record.callId(), record.node(), cluster.nodeId()).whenComplete((won, failure) -> {
            if (failure != null) {
                log.warn("taking over call {} from {} failed: {}", record.callId(), record.node(), failure.toString());
                session.sendError(resume.id(), ErrorCode.UNAVAILABLE, "cannot carry the call on right now; try again");
                return;
            }
            if (Boolean.TRUE.equals(won)) {
                adopt(record);
            }
            resume(session, resume);
        });
    }

    /** A call taken over from a node that died: runs here from now on, both parties away until they resume. */
    private synchronized void adopt(CallRecord record) {
        if (byCall.containsKey(record.callId())) {
            return;
        }
        Consultation call = Consultation.takenOver(new CallRecord(record.callId(), record.roomId(), cluster.nodeId(),
                record.callerId(), record.callerName(), record.consultantId(), record.consultantName(), record.rate(),
                record.minutesCharged(), record.charged(), record.balance(), record.activeMillis()),
                executors.next(), services);
        byUser.putIfAbsent(record.callerId(), call);
        byUser.putIfAbsent(record.consultantId(), call);
        byCall.put(call.callId(), call);
        byRoom.put(call.roomId(), call);
        log.info("call {} carried on here: its node {} left the cluster", record.callId(), record.node());
    }

    /**
     * Nodes left the cluster: calls they ran for parties here are carried on here (each party here resumes at
     * once; the other comes back through any node), and resumes waiting for their answer are asked again.
     */
    private void nodesLeft(Set<String> left) {
        for (RemoteCall call : remote.values()) {
            if (left.contains(call.callNode())) {
                remote.remove(call.key(), call);
                call.session().rooms().remove(call);
                ClientMessage.CallResume resume = new ClientMessage.CallResume(null, call.callId());
                store.find(call.callId()).whenComplete((found, failure) -> {
                    if (failure == null && found.isPresent()) {
                        resumeAt(call.session(), resume, found.get());
                    } else {
                        // It had not started (no record) or the store cannot say: it cannot go on.
                        call.session().send(new ServerMessage.CallEnded(null, call.callId(), CallEndReason.PEER_LOST.wire(), 0, 0));
                    }
                });
            }
        }
        for (PendingResume pending : resuming.values()) {
            if (left.contains(pending.node()) && resuming.remove(pending.session().id(), pending)) {
                resume(pending.session(), pending.resume());
            }
        }
    }

    /**
     * A media request of a party here for its call's room on another node: forwarded there, which answers it.
     * False when the session holds no such call.
     */
    public boolean forwardsMedia(Session session, String roomId, ClientMessage request) {
        RemoteCall call = remoteCallInRoom(session, roomId);
        if (call == null) {
            return false;
        }
        call.forward(request);
        return true;
    }

    /** As {@link #forwardsMedia}, for the requests that name a subscription the call's node made. */
    public boolean forwardsSubscription(Session session, String subscriptionId, ClientMessage request) {
        for (Room room : session.rooms()) {
            if (room instanceof RemoteCall call && call.owns(subscriptionId)) {
                if (request instanceof ClientMessage.MediaUnsubscribe) {
                    call.unsubscribed(subscriptionId);
                }
                call.forward(request);
                return true;
            }
        }
        return false;
    }

    /** A call request about a call another node runs for this session: sent there. */
    private boolean forwarded(Session session, String callId, ClientMessage request) {
        if (byCall.containsKey(callId)) {
            return false;
        }
        RemoteCall call = remoteCall(session, callId);
        if (call == null) {
            return false;
        }
        call.forward(request);
        return true;
    }

    /** The session's call run on another node: the one with this id, or any when {@code callId} is null. */
    private static RemoteCall remoteCall(Session session, String callId) {
        for (Room room : session.rooms()) {
            if (room instanceof RemoteCall call && (callId == null || call.callId().equals(callId))) {
                return call;
            }
        }
        return null;
    }

    private static RemoteCall remoteCallInRoom(Session session, String roomId) {
        for (Room room : session.rooms()) {
            if (room instanceof RemoteCall call && call.roomId().equals(roomId)) {
                return call;
            }
        }
        return null;
    }

    /** What the cluster bus brought for this node's calls; on the bus's thread. */
    private void onBus(BusMessage message) {
        switch (message.kind()) {
            case CALL -> fromParty(message);
            case CALL_GONE -> {
                Consultation call = byCall.get(message.roomId());
                if (call != null) {
                    call.partyGone(new RemoteParty(relay, message.roomId(), message.fromNode(), message.member(), NOBODY));
                }
            }
            case CALL_REPLY -> toParty(message);
            default -> {
            }
        }
    }

    /** A request of a party on another node, for a call this node runs or is asked to run. */
    private void fromParty(BusMessage message) {
        RemoteParty party = new RemoteParty(relay, message.roomId(), message.fromNode(), message.member(),
                relay.codec().identityOf(message.meta()));
        ClientMessage request;
        try {
            request = relay.codec().decodeRequest(message);
        } catch (ProtocolException e) {
            party.sendError(e.requestId(), e.code(), e.getMessage());
            return;
        }
        try {
            if (request instanceof ClientMessage.CallRequest ask) {
                ask(party, ask);
            } else if (request instanceof ClientMessage.CallAccept accept) {
                call(accept.callId()).accept(party, accept.id());
            } else if (request instanceof ClientMessage.CallDecline decline) {
                call(decline.callId()).decline(party, decline.id());
            } else if (request instanceof ClientMessage.CallEnd end) {
                call(end.callId()).hangUp(party, end.id());
            } else if (request instanceof ClientMessage.CallResume resume) {
                call(resume.callId()).resume(party, resume.id());
            } else {
                Consultation call = byCall.get(message.roomId());
                if (call == null) {
                    throw new ProtocolException(ErrorCode.NOT_FOUND, "no call " + message.roomId());
                }
                new CallMedia(media, call, party).handle(request);
            }
        } catch (ProtocolException e) {
            party.sendError(request.id(), e.code(), e.getMessage());
        }
    }

    /** The node that runs a call tells a party connected here: written to its connection, its membership followed. */
    private void toParty(BusMessage message) {
        Session session = sessions.apply(message.member());
        if (session == null) {
            return;
        }
        if (message.body().isEmpty()) {
            JsonNode meta = relay.tree(message.meta());
            String roomId = meta.path("roomId").asText("");
            if (CallRelay.JOINED.equals(meta.path("status").asText())) {
                RemoteCall call = new RemoteCall(message.roomId(), roomId, message.fromNode(), session, relay, remote::remove);
                remote.put(call.key(), call);
                session.rooms().add(call);
            } else {
                RemoteCall call = remoteCall(session, message.roomId());
                if (call != null) {
                    session.rooms().remove(call);
                    remote.remove(call.key(), call);
                }
            }
            return;
        }
        String type = relay.tree(message.body()).path("type").asText("");
        PendingResume pending = resuming.get(session.id());
        if (pending != null && ("call.started".equals(type) || "error".equals(type) || "call.ended".equals(type))) {
            resuming.remove(session.id(), pending);
        }
        if ("media.offer".equals(type)) {
            // A session is in one call at most; a message of the call's own (not of a media request) names none.
            RemoteCall call = remoteCall(session, message.roomId().isEmpty() ? null : message.roomId());
            if (call != null) {
                call.subscribed(relay.tree(message.body()).path("subscriptionId").asText());
            }
        }
        session.sendEncoded(type, message.body().getBytes(StandardCharsets.UTF_8));
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
        resuming.remove(session.id());
    }

    /** The calls of this node not yet ended, by call id; for the server API. */
    public List<CallSummary> summaries() {
        return byCall.values().stream().map(Consultation::summary).filter(call -> !call.state().equals("ended"))
                .sorted(Comparator.comparing(CallSummary::callId)).toList();
    }

    public int size() {
        return byCall.size();
    }

    /**
     * The node stops: on a single node every call ends with {@code server_shutdown}; in a cluster a call in progress
     * is handed on to the node that carries it on from its record ({@link Consultation#handOn}) and only calls not
     * yet accepted end. Each future completes once that call is done here.
     */
    public List<Future<Void>> endAll() {
        List<Future<Void>> ending = new ArrayList<>();
        for (Consultation call : byCall.values()) {
            ending.add(relay.enabled() ? call.handOn() : call.shutdown());
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

package io.livestage.signaling.show;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Session;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A show hosted on another node (its origin), as this node's members of it see it. The origin decides
 * everything (who may join, chat, moderate; what the room's state is): this node forwards its members'
 * requests there, writes the origin's replies to them, and delivers the room events the origin sends to every
 * member here who is meant to get them, through the same tick buffer a show of this node uses. Gifts come from
 * the gift feed as on the origin. All state is on the room's executor; it closes when its last member leaves or
 * the show ends.
 */
final class EdgeRoom implements MediaRoom, GiftRoom {
    /** How long a join waits for the origin before it is refused: the origin's node may be gone. */
    static final long JOIN_TIMEOUT_MS = 5_000;
    /** The {@code reason} of what a paused show's members are refused while it waits for its host. */
    static final String PAUSED = "show_paused";
    /** How often the origin hears who this node's members are, to forget any whose leaving it missed. */
    static final long ROSTER_MS = 5_000;

    private final String roomId;
    /** The node hosting the show; another once the show moves there. Written on the executor. */
    private volatile String originNode;
    private final EventExecutor executor;
    private final ShowServices services;
    private final ShowRelay relay;
    private final RoomEvents events;
    private final Runnable onClosed;
    private final Map<String, Session> members = new LinkedHashMap<>();
    /** Joins sent to the origin and not answered yet, by session id. */
    private final Map<String, PendingJoin> joining = new HashMap<>();
    private final Rejoin rejoin;
    private final Function<String, Session> sessions;
    private RoomGifts roomGifts;
    /** This node's relay of the show's media, once a member here subscribes; a new one when the show moves. */
    private EdgeRelay mediaRelay;
    /** The origin's node died: the show waits for its host to come back through some node (it then moves there). */
    private ScheduledFuture<?> paused;
    /** A member here subscribed to the show's media: a relay follows the show wherever it moves. */
    private boolean watched;
    /** Members asked to join again at the show's new origin: its answer is for this node, not for them. */
    private final Set<String> rejoining = new HashSet<>();
    private final ScheduledFuture<?> rosterTimer;
    private volatile String hostId = "";
    private volatile boolean acceptsGifts;
    private boolean closed;

    /** Where a join that reached this room as it closed goes instead: a new edge of the same show. */
    interface Rejoin {
        void join(Session session, ClientMessage.RoomJoin request, int maxRooms);
    }

    private record PendingJoin(Session session, JsonNode requestId, int maxRooms, ScheduledFuture<?> timeout) {
    }

    EdgeRoom(String roomId, String originNode, EventExecutor executor, ShowServices services, Runnable onClosed,
             Rejoin rejoin, Function<String, Session> sessions) {
        this.rejoin = rejoin;
        this.sessions = sessions;
        this.roomId = roomId;
        this.originNode = originNode;
        this.executor = executor;
        this.services = services;
        this.relay = services.relay();
        this.onClosed = onClosed;
        this.events = services.broadcaster().room(roomId, executor, member -> members.values().forEach(member));
        this.mediaRelay = new EdgeRelay(roomId, originNode, executor, relay, services.media());
        this.rosterTimer = executor.scheduleAtFixedRate(this::sendRoster, ROSTER_MS, ROSTER_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public String roomId() {
        return roomId;
    }

    String originNode() {
        return originNode;
    }

    @Override
    public String hostId() {
        return hostId;
    }

    @Override
    public boolean acceptsGifts() {
        return acceptsGifts;
    }

    @Override
    public boolean hasMember(Session session) {
        return session.rooms().contains(this);
    }

    @Override
    public String reserveGift() {
        return events.tryReserve();
    }

    @Override
    public void giftSettled() {
        events.release();
    }

    /** {@code room.join}: asks the origin; its reply lets the session in here. */
    void join(Session session, ClientMessage.RoomJoin request, int maxRooms) {
        executor.execute(() -> {
            if (closed) {
                rejoin.join(session, request, maxRooms);
                return;
            }
            if (!members.containsKey(session.id()) && session.rooms().size() >= maxRooms) {
                session.sendError(request.id(), ErrorCode.CONFLICT, "already in " + maxRooms + " rooms; leave one first");
                return;
            }
            // While paused the join waits for the show's new origin, as long as the show waits for its host.
            long waitMs = paused != null ? services.config().hostGraceMs() : JOIN_TIMEOUT_MS;
            ScheduledFuture<?> timeout = executor.schedule(() -> joinTimedOut(session, request.id()),
                    waitMs, TimeUnit.MILLISECONDS);
            PendingJoin earlier = joining.put(session.id(), new PendingJoin(session, request.id(), maxRooms, timeout));
            if (earlier != null) {
                earlier.timeout().cancel(false);
            }
            if (paused == null) {
                relay.request(roomId, originNode, session.id(), session.identity(), request);
            }
        });
    }

    /** Any other request of a member about the room: the origin checks and answers it. */
    void forward(Session session, ClientMessage request) {
        executor.execute(() -> {
            if (closed) {
                session.sendError(request.id(), ErrorCode.NOT_FOUND, "no live show " + roomId);
            } else if (paused != null) {
                session.sendError(request.id(), ErrorCode.UNAVAILABLE, PAUSED,
                        "the show's node went away; the show goes on when its host is back");
            } else {
                relay.request(roomId, originNode, session.id(), session.identity(), request);
            }
        });
    }

    /** The show is hosted elsewhere: its members here can watch it through any node. */
    @Override
    public boolean goesOnElsewhere(Session member) {
        return true;
    }

    /**
     * This node's media plane takes no publisher for the show: a host or guest publishing through this node is
     * answered and served by the show's node (the dispatcher forwards the request there).
     */
    @Override
    public boolean mayPublish(String userId) {
        return false;
    }

    /** The origin announces its publishers to every member, these included. */
    @Override
    public void publisherChanged(String userId, boolean live) {
    }

    /** Who this node has in the show now, members and joiners, for the origin. */
    private void sendRoster() {
        if (!closed && paused == null) {
            List<String> sessionIds = new ArrayList<>(members.keySet());
            sessionIds.addAll(joining.keySet());
            relay.roster(roomId, originNode, sessionIds);
        }
    }

    /**
     * A member here subscribes: the first one asks the origin for this node's relay of the show, and every
     * member here is then served from it by this node's media plane, as from a publisher here.
     */
    void watching() {
        executor.execute(() -> {
            watched = true;
            mediaRelay.watching();
        });
    }

    @Override
    public void memberGone(Session session) {
        executor.execute(() -> {
            boolean wasJoining = stopJoining(session.id()) != null;
            services.media().left(session, roomId);
            if (members.remove(session.id()) != null || wasJoining) {
                relay.gone(roomId, originNode, session.id());
            }
            closeIfEmpty();
        });
    }

    /** The origin's reply to one member here; on any thread. */
    void reply(BusMessage message) {
        executor.execute(() -> {
            if (ShowRelay.RELAY_MEMBER.equals(message.member())) {
                mediaRelay.offered(relay.tree(message.body()));
                return;
            }
            PendingJoin pending = joining.get(message.member());
            Session session = pending != null ? pending.session() : members.get(message.member());
            if (session == null) {
                replyToNonMember(sessions.apply(message.member()), message, relay);
                return;
            }
            byte[] json = message.body().getBytes(StandardCharsets.UTF_8);
            JsonNode body = relay.tree(message.body());
            String type = body.path("type").asText("");
            if (RemoteMember.JOINED.equals(message.meta()) && rejoining.remove(session.id())) {
                // Joined again at the show's new origin: the member never left, and hears nothing of it.
                admitted(session, body);
                return;
            }
            rejoining.remove(session.id());
            switch (message.meta()) {
                case RemoteMember.JOINED -> admitted(session, body);
                case RemoteMember.LEFT, RemoteMember.REMOVED -> released(session);
                default -> {
                    if (pending != null && "error".equals(type) && Objects.equals(pending.requestId(), body.get("id"))) {
                        stopJoining(session.id());
                    }
                }
            }
            session.sendEncoded(type, json);
            if (!RemoteMember.JOINED.equals(message.meta())) {
                closeIfEmpty();
            }
        });
    }

    /** The origin's answer to a connection here that is no member (any more): written as it is. */
    static void replyToNonMember(Session session, BusMessage message, ShowRelay relay) {
        if (session != null) {
            session.sendEncoded(relay.tree(message.body()).path("type").asText(""),
                    message.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A room event from the origin; on any thread. */
    void event(BusMessage message) {
        ShowRelay.EdgeAudience audience = relay.audienceOf(message);
        byte[] json = message.body().getBytes(StandardCharsets.UTF_8);
        executor.execute(() -> {
            if (closed) {
                return;
            }
            Session except = audience.exceptSession() == null ? null : members.get(audience.exceptSession());
            events.addEncoded(audience.type(), json, except, Audience.skip(audience.blockersOf(), audience.onlyUsers()));
            if (audience.ends()) {
                close();
            }
        });
    }

    /**
     * The origin's node left the cluster: the show pauses here (its members stay, their video stops) for as long as
     * a show waits for its host, who may come back through another node and carry it on there; else it ends.
     */
    void originGone() {
        executor.execute(() -> {
            if (closed || paused != null) {
                return;
            }
            String gone = originNode;
            paused = executor.schedule(() -> {
                if (!closed) {
                    events.add(new ServerMessage.ShowEnded(null, roomId, Show.HOST_LEFT));
                    close();
                    // Nobody will carry it on: its record goes, so later joins are answered not_found at once.
                    services.store().remove(roomId, gone);
                }
            }, services.config().hostGraceMs(), TimeUnit.MILLISECONDS);
            mediaRelay.close();
            if (!hostId.isEmpty()) {
                events.add(new ServerMessage.RoomPublisher(roomId, hostId, "gone"));
            }
            // Joins the dead node never answered are asked again the way a join of a show no node lists is: the
            // host's carries the show on through this node, anyone else's waits here for the show's new origin.
            List<PendingJoin> unanswered = new ArrayList<>(joining.values());
            joining.clear();
            for (PendingJoin pending : unanswered) {
                pending.timeout().cancel(false);
                rejoin.join(pending.session(), new ClientMessage.RoomJoin(pending.requestId(), roomId), pending.maxRooms());
            }
        });
    }

    /**
     * The show moved to {@code origin} (its node drains, or died and its host came back there): this node follows
     * it there. Its members join again there without hearing of it, joins waiting for it are sent there, and the
     * media relay comes from there.
     */
    void moveTo(String origin) {
        executor.execute(() -> {
            if (!closed && !origin.equals(originNode)) {
                follow(origin);
            }
        });
    }

    /** Follows the show at {@code origin}: on the executor. */
    private void follow(String origin) {
        if (paused != null) {
            paused.cancel(false);
            paused = null;
        }
        mediaRelay.close();
        originNode = origin;
        mediaRelay = new EdgeRelay(roomId, origin, executor, relay, services.media());
        for (Session member : members.values()) {
            rejoin(member);
        }
        for (PendingJoin pending : joining.values()) {
            pending.timeout().cancel(false);
            PendingJoin resent = new PendingJoin(pending.session(), pending.requestId(), pending.maxRooms(), executor.schedule(
                    () -> joinTimedOut(pending.session(), pending.requestId()), JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            joining.put(pending.session().id(), resent);
            relay.request(roomId, origin, pending.session().id(), pending.session().identity(),
                    new ClientMessage.RoomJoin(pending.requestId(), roomId));
        }
        if (watched) {
            mediaRelay.watching();
        }
    }

    /**
     * The origin's node, taken for dead, is listed again (it had only stalled): a pause for it ends, and the show
     * goes on from there as before: members joined again, joins sent, the relay asked for afresh.
     */
    void originBack() {
        executor.execute(() -> {
            if (!closed && paused != null) {
                follow(originNode);
            }
        });
    }

    /** Connections here that were members of the show when it moved away from this node: members of this edge. */
    void keep(List<Session> sessions) {
        executor.execute(() -> {
            for (Session session : sessions) {
                if (!closed && !session.isClosing() && members.put(session.id(), session) == null) {
                    session.rooms().add(this);
                    rejoin(session);
                }
            }
            if (!members.isEmpty()) {
                // They watched the show here: their subscriptions are fed by a relay from its new origin now.
                watched = true;
                mediaRelay.watching();
            }
            closeIfEmpty();
        });
    }

    private void rejoin(Session member) {
        rejoining.add(member.id());
        relay.request(roomId, originNode, member.id(), member.identity(), new ClientMessage.RoomJoin(null, roomId));
    }

    /**
     * The show moved to this node: its members and joiners here become the show's (the joiners answered by it),
     * and this edge closes without a word to them.
     */
    void handOut(Show show) {
        executor.execute(() -> {
            if (closed) {
                return;
            }
            List<Session> kept = new ArrayList<>(members.values());
            List<PendingJoin> waiting = new ArrayList<>(joining.values());
            joining.clear();
            for (PendingJoin pending : waiting) {
                pending.timeout().cancel(false);
            }
            // The media room stays: this node's show takes it over, its viewers' subscriptions with it.
            close(false);
            for (Session member : kept) {
                show.adoptMember(member);
            }
            for (PendingJoin pending : waiting) {
                show.join(pending.session(), pending.requestId(), Integer.MAX_VALUE);
            }
        });
    }

    private void admitted(Session session, JsonNode joined) {
        stopJoining(session.id());
        if (session.isClosing() || closed) {
            relay.gone(roomId, originNode, session.id());
            return;
        }
        hostId = joined.path("hostId").asText("");
        acceptsGifts = joined.path("acceptsGifts").asBoolean(false);
        if (roomGifts == null) {
            roomGifts = new RoomGifts(roomId, services.gifts(), executor, events, services.config().leaderboardUpdateMs(),
                    () -> !closed);
        }
        // What happened before the join goes to those who were there; the joiner gets what follows.
        events.flush();
        if (members.put(session.id(), session) == null) {
            session.rooms().add(this);
        }
    }

    private void released(Session session) {
        events.flush();
        services.media().left(session, roomId);
        if (members.remove(session.id()) != null) {
            session.rooms().remove(this);
        }
    }

    private void joinTimedOut(Session session, JsonNode requestId) {
        if (joining.remove(session.id()) == null) {
            return;
        }
        relay.gone(roomId, originNode, session.id());
        session.sendError(requestId, ErrorCode.UNAVAILABLE, "the node hosting show " + roomId
                + " did not answer; try again in a moment");
        closeIfEmpty();
    }

    private PendingJoin stopJoining(String sessionId) {
        PendingJoin pending = joining.remove(sessionId);
        if (pending != null) {
            pending.timeout().cancel(false);
        }
        return pending;
    }

    private void closeIfEmpty() {
        if (!closed && members.isEmpty() && joining.isEmpty()) {
            close();
        }
    }

    /** Delivers what has gathered, lets every member go and stops following the show. On the executor. */
    private void close() {
        close(true);
    }

    private void close(boolean dropMedia) {
        closed = true;
        if (paused != null) {
            paused.cancel(false);
        }
        events.close();
        if (roomGifts != null) {
            roomGifts.close();
        }
        for (Session member : members.values()) {
            member.rooms().remove(this);
        }
        members.clear();
        rosterTimer.cancel(false);
        mediaRelay.close();
        if (dropMedia) {
            services.media().roomClosed(roomId);
        }
        // A join the origin had not answered when the show ended: the show is gone for it too.
        for (PendingJoin pending : joining.values()) {
            pending.timeout().cancel(false);
            pending.session().sendError(pending.requestId(), ErrorCode.NOT_FOUND, "no live show " + roomId);
        }
        joining.clear();
        onClosed.run();
    }
}

package io.livestage.signaling.show;

import io.livestage.signaling.cluster.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.moderation.Report;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Replies;
import io.livestage.signaling.session.Requester;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live show. Every state change runs on the show's own executor (one event loop), so the
 * member sets need no locks; public methods hop onto it. Only {@link #viewerCount()} and the
 * immutable fields are read from other threads.
 */
public final class Show implements MediaRoom, GiftRoom {
    private static final Logger log = LoggerFactory.getLogger(Show.class);
    /** Why a show ended, as sent in {@code show.ended}. */
    public static final String HOST_ENDED = "host_ended";
    public static final String HOST_LEFT = "host_left";
    public static final String SERVER_SHUTDOWN = "server_shutdown";
    /** The platform ended the show through the server API. */
    public static final String PLATFORM_ENDED = "platform_ended";

    private enum State { LIVE, HOST_AWAY, ENDED }

    private final String roomId;
    private final String title;
    private final Identity hostIdentity;
    private final EventExecutor executor;
    private final ShowsConfig config;
    /** Every event to the room's members goes through its tick buffer, in order. */
    private final RoomEvents events;
    private final Runnable onEnded;
    private final MediaPlane media;
    private final GiftBridge gifts;
    private final Coalescer viewerUpdates;
    private final Coalescer likeUpdates;
    private final ModerationStore moderationStore;
    private final ShowModeration moderation;
    private final int membersPageSize;
    /** Delivers this room's gift events from every node while the show lives. */
    private final RoomGifts roomGifts;
    private final WebhookOutbox webhooks;
    private final long startedMillis;
    private final RunStore<ShowRecord> store;
    private final Set<Session> viewers = new LinkedHashSet<>();
    /** Edge nodes' media relays of this show, by node: each a subscription of this node's media plane. */
    private final Map<String, RemoteMember> relays = new HashMap<>();
    /**
     * The host's connection when it is on another node (its phone reconnected through the load balancer and
     * landed there): it holds the host's seat as a local one would, and publishes here through that node.
     */
    private RemoteMember remoteHost;
    /** Viewers connected to other nodes of the cluster, by {@link RemoteMember#key()}. */
    private final Map<String, RemoteMember> remote = new LinkedHashMap<>();
    /** Tells the other nodes' members what happens here, while there are any. */
    private final ShowRelay relay;
    private final Set<String> publishers = new LinkedHashSet<>();
    /** Users the host invited to publish beside them; read from any thread. */
    private final Set<String> guests = ConcurrentHashMap.newKeySet();
    private Session host;
    private State state = State.LIVE;
    private ScheduledFuture<?> graceTimer;
    private int announcedViewers = -1;
    private volatile int viewerCount;
    /** Likes since the last {@code likes} event, and since the show started. */
    private long pendingLikes;
    private long totalLikes;

    Show(String roomId, String title, Session host, EventExecutor executor, ShowServices services, Runnable onEnded) {
        this(roomId, title, host.identity(), System.currentTimeMillis(), executor, services, onEnded);
        this.host = host;
        host.rooms().add(this);
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("roomId", roomId);
        started.put("hostId", hostId());
        started.put("title", title);
        webhooks.append(WebhookEvent.of(WebhookEventType.SHOW_STARTED, roomId, started));
        save();
    }

    /**
     * A show carried on here from its record: its node drains and its host came back through this node, or its
     * node died and its host came back here within the grace period. It waits for its host as for one whose
     * connection dropped; the members on other nodes follow it here (a {@code MOVED} on the bus).
     */
    static Show carriedOn(ShowRecord record, EventExecutor executor, ShowServices services, Runnable onEnded) {
        Show show = new Show(record.roomId(), record.title(), new Identity(record.hostId(), record.hostName(),
                Set.of(Role.CREATOR), record.hostAdult(), null), record.startedMillis(), executor, services, onEnded);
        show.executor.execute(() -> {
            show.totalLikes = record.likes();
            show.moderation.restore(record.moderation());
            show.hostAway();
            show.save();
        });
        return show;
    }

    private Show(String roomId, String title, Identity hostIdentity, long startedMillis, EventExecutor executor,
                 ShowServices services, Runnable onEnded) {
        this.roomId = roomId;
        this.title = title;
        this.hostIdentity = hostIdentity;
        this.startedMillis = startedMillis;
        this.store = services.store();
        this.executor = executor;
        this.config = services.config();
        this.events = services.broadcaster().room(roomId, executor, this::eachMember);
        this.media = services.media();
        this.gifts = services.gifts();
        this.onEnded = onEnded;
        this.viewerUpdates = new Coalescer(executor, config.viewerUpdateMs(), this::announceViewers);
        this.likeUpdates = new Coalescer(executor, services.room().likesUpdateMs(), this::announceLikes);
        this.moderationStore = services.moderation();
        this.moderation = new ShowModeration(services.room(), hostIdentity.userId());
        this.membersPageSize = services.room().membersPageSize();
        this.relay = services.relay();
        this.roomGifts = new RoomGifts(roomId, gifts, executor, events, config.leaderboardUpdateMs(),
                () -> state != State.ENDED);
        this.webhooks = services.webhooks();
    }

    /** Tells the cluster's show store where this show stands, for another node to carry it on. */
    private void save() {
        if (relay.enabled() && state != State.ENDED) {
            store.save(record(relay.nodeId()));
        }
    }

    /** The show as its record tells it, run by {@code node}. */
    private ShowRecord record(String node) {
        return new ShowRecord(roomId, node, title, hostId(), hostIdentity.name(), hostIdentity.adult(), startedMillis,
                totalLikes, moderation.state());
    }

    /**
     * The show moves to {@code node}, which carries it on from its record (this node drains and the host came back
     * through that one): the record is handed to it, every node following the show follows it there, and the show
     * stops here without ending. {@code then} gets the connections here that were in it (on the executor), for this
     * node to keep them in the show as members of an edge. Nothing happens if the show ended meanwhile.
     */
    void handOver(String node, Consumer<List<Session>> then) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            events.flush();
            store.save(record(relay.nodeId()));
            store.claim(roomId, relay.nodeId(), node).whenComplete((moved, failure) -> executor.execute(() -> {
                if (failure != null || !Boolean.TRUE.equals(moved) || state == State.ENDED) {
                    return;
                }
                relay.moved(record(node));
                goneElsewhere(then);
            }));
        });
    }

    /**
     * Whether another node carries this show on by now: it took this node for dead (a stall past the cluster's
     * expiry, Redis lost that long) and the host came back through it, which claimed the show's record. Two copies
     * must not go on, each with part of the audience and only one with the host: when the record names another
     * node, this copy stops without an end and {@code then} gets that node and the connections here that were in
     * the show (on the executor), for this node to keep them in it as members of an edge following that node.
     */
    void checkCarriedOnElsewhere(BiConsumer<String, List<Session>> then) {
        executor.execute(() -> {
            if (state == State.ENDED || !relay.enabled()) {
                return;
            }
            store.find(roomId).whenComplete((found, failure) -> executor.execute(() -> {
                if (failure != null || found.isEmpty() || state == State.ENDED) {
                    return;
                }
                String node = found.get().node();
                if (!node.equals(relay.nodeId())) {
                    log.warn("show {}: node {} carries it on now (this node was taken for dead); its {} member(s) here"
                            + " follow it there", roomId, node, viewers.size());
                    goneElsewhere(here -> then.accept(node, here));
                }
            }));
        });
    }

    /** The show goes on at another node: it stops here without ending and hands the members here to {@code then}. */
    private void goneElsewhere(Consumer<List<Session>> then) {
        stop();
        // The media room stays: this node's viewers keep their subscriptions, fed by a relay from the new
        // origin once this node follows the show as an edge. The host's old connection is on its way out:
        // its new one is the host at the new origin.
        events.close();
        List<Session> here = new ArrayList<>(viewers);
        letGo();
        then.accept(here);
    }

    /** A member of this node's edge of the show before it moved here: a viewer at once, without a reply. */
    void adoptMember(Session session) {
        executor.execute(() -> {
            if (state == State.ENDED || session.isClosing() || session.identity().userId().equals(hostId())) {
                return;
            }
            if (viewers.add(session)) {
                session.rooms().add(this);
                viewersChanged();
            }
        });
    }

    @Override
    public String roomId() {
        return roomId;
    }

    @Override
    public String hostId() {
        return hostIdentity.userId();
    }

    /** In a cluster a show follows its host: a draining node sends the host away, and the show moves with them. */
    @Override
    public boolean goesOnElsewhere(Session member) {
        return relay.enabled() && member.identity().userId().equals(hostId());
    }

    /** Only a verified adult's show takes gifts: earning is a transaction, and those are for over-18s. */
    @Override
    public boolean acceptsGifts() {
        return hostIdentity.adult();
    }

    public int viewerCount() {
        return viewerCount;
    }

    /**
     * Takes a slot in the room's (and the node's) bounded event queue for a gift about to be charged; any
     * thread. Null when taken, else why not ({@code room_busy}, {@code node_busy}): the send is then refused
     * before anything is charged. The slot is held until {@link #giftSettled} (the gift's own event takes a
     * slot of its own when it arrives from the feed).
     */
    @Override
    public String reserveGift() {
        return events.tryReserve();
    }

    /** The send that {@link #reserveGift} made room for was answered, either way; any thread. */
    @Override
    public void giftSettled() {
        events.release();
    }

    ServerMessage.ShowSummary summary() {
        return new ServerMessage.ShowSummary(roomId, title, hostIdentity.userId(), hostIdentity.name(), viewerCount);
    }

    /**
     * Joins the session, unless the host banned its user from their shows (asked of the store first,
     * so a ban made on any node holds) or the user was removed from this show.
     */
    public void join(Session session, JsonNode requestId, int maxRooms) {
        String userId = session.identity().userId();
        if (userId.equals(hostId())) {
            executor.execute(() -> joinNow(session, requestId, maxRooms));
            return;
        }
        moderationStore.isBanned(hostId(), userId).whenComplete((banned, failure) -> executor.execute(() -> {
            // With the ban list unreachable (Redis down) the show goes on: shows and chat must survive
            // an outage of the store, so a ban is not enforced until it answers again.
            if (failure == null && banned) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "banned", "the host has banned you from their shows");
            } else {
                joinNow(session, requestId, maxRooms);
            }
        }));
    }

    private void joinNow(Session session, JsonNode requestId, int maxRooms) {
        if (state == State.ENDED) {
            session.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            return;
        }
        String userId = session.identity().userId();
        if (moderation.isPutOut(userId)) {
            session.sendError(requestId, ErrorCode.FORBIDDEN, "removed", "the host removed you from this show");
            return;
        }
        boolean member = session == host || viewers.contains(session);
        if (!member && session.rooms().size() >= maxRooms) {
            session.sendError(requestId, ErrorCode.CONFLICT, "already in " + maxRooms + " rooms; leave one first");
            return;
        }
        // What happened before the join goes to those who were there; the joiner gets what follows.
        events.flush();
        if (session.identity().userId().equals(hostId())) {
            takeHostSeat(session);
        } else if (viewers.add(session)) {
            session.rooms().add(this);
            viewersChanged();
        }
        session.send(joined(requestId, userId));
    }

    private ServerMessage.RoomJoined joined(JsonNode requestId, String userId) {
        return new ServerMessage.RoomJoined(requestId, roomId, title, hostId(), viewerCount,
                List.copyOf(publishers), roomGifts.leaderboard(), hostIdentity.name(), moderation.roleOf(userId),
                moderation.isMuted(userId), moderation.slowModeSeconds(), moderation.pinned(), totalLikes,
                acceptsGifts());
    }

    /**
     * {@code room.join} from a connection on another node: the same checks as here (the host's bans, put out,
     * ended); the reply lets it in on its node, and from then on the room's events go there too.
     */
    void joinRemote(RemoteMember member, JsonNode requestId) {
        String userId = member.identity().userId();
        moderationStore.isBanned(hostId(), userId).whenComplete((banned, failure) -> executor.execute(() -> {
            if (failure == null && banned) {
                member.sendError(requestId, ErrorCode.FORBIDDEN, "banned", "the host has banned you from their shows");
            } else if (state == State.ENDED) {
                member.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            } else if (moderation.isPutOut(userId)) {
                member.sendError(requestId, ErrorCode.FORBIDDEN, "removed", "the host removed you from this show");
            } else {
                if (userId.equals(hostId())) {
                    takeHostSeat(member);
                } else if (remote.putIfAbsent(member.key(), member) == null) {
                    viewersChanged();
                }
                member.admitted(joined(requestId, userId));
            }
        }));
    }

    /** The host, reconnected through another node, takes the seat back: the show goes on from there. */
    private void takeHostSeat(RemoteMember member) {
        if (remoteHost != null && remoteHost != member) {
            media.left(remoteHost, roomId);
        }
        remoteHost = member;
        state = State.LIVE;
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    /** {@code media.publish} of a member on another node: the host or an invited guest, served by this node. */
    void publishRemote(RemoteMember member, JsonNode requestId, String sdp) {
        executor.execute(() -> {
            String userId = member.identity().userId();
            if (!isMember(member) || !mayPublish(userId)) {
                member.sendError(requestId, ErrorCode.FORBIDDEN,
                        "only the room's host, invited guests and call parties publish in it");
                return;
            }
            Replies.reply(member, requestId, media.publish(member, roomId, sdp, live -> publisherChanged(userId, live)),
                    answer -> new ServerMessage.MediaAnswer(requestId, roomId, answer));
        });
    }

    /** {@code media.unpublish} of a member on another node. */
    void unpublishRemote(RemoteMember member) {
        executor.execute(() -> media.unpublish(member, roomId));
    }

    /** {@code show.end} from the host's connection on another node. */
    void endByRemote(RemoteMember member, JsonNode requestId) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                member.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            } else if (!member.identity().userId().equals(hostId())) {
                member.sendError(requestId, ErrorCode.FORBIDDEN, "only the host can end the show");
            } else {
                endNow(HOST_ENDED, member, requestId);
            }
        });
    }

    /** {@code room.leave} from a connection on another node. */
    void leaveRemote(String key, JsonNode requestId, Requester asker) {
        executor.execute(() -> {
            if (remoteHost != null && remoteHost.key().equals(key)) {
                remoteHost.left(new ServerMessage.RoomLeft(requestId, roomId));
                endNow(HOST_LEFT, null, null);
                return;
            }
            RemoteMember member = remote.remove(key);
            if (member == null) {
                asker.sendError(requestId, ErrorCode.NOT_FOUND, "not in room " + roomId);
                return;
            }
            media.left(member, roomId);
            viewersChanged();
            member.left(new ServerMessage.RoomLeft(requestId, roomId));
        });
    }

    /** The member on another node is, if it still is one; on the executor. */
    RemoteMember remoteMember(String key) {
        return remoteHost != null && remoteHost.key().equals(key) ? remoteHost : remote.get(key);
    }

    /** A connection on another node closed, or its node is gone from the cluster. */
    void remoteGone(String key) {
        executor.execute(() -> {
            if (remoteHost != null && remoteHost.key().equals(key)) {
                remoteHostGone();
                return;
            }
            RemoteMember member = remote.remove(key);
            if (member != null) {
                media.left(member, roomId);
                viewersChanged();
            }
        });
    }

    /**
     * An edge node's sessions in this show now (members and joiners): any other member of that node still
     * counted here is gone (its {@code GONE} was lost on the way).
     */
    void roster(String node, Set<String> sessionIds) {
        executor.execute(() -> {
            if (remoteHost != null && remoteHost.node().equals(node) && !sessionIds.contains(remoteHost.sessionId())) {
                remoteHostGone();
            }
            if (remote.values().removeIf(member -> member.node().equals(node)
                    && !sessionIds.contains(member.sessionId()) && leftMedia(member))) {
                viewersChanged();
            }
        });
    }

    /** Nodes left the cluster: the members connected to them are gone with them. */
    void nodesLeft(Set<String> left) {
        executor.execute(() -> {
            if (remoteHost != null && left.contains(remoteHost.node())) {
                remoteHostGone();
            }
            relays.values().removeIf(peer -> left.contains(peer.node()) && leftMedia(peer));
            if (remote.values().removeIf(member -> left.contains(member.node()) && leftMedia(member))) {
                viewersChanged();
            }
        });
    }

    /**
     * An edge node's relay of this show: opened (a subscription of this node's media plane made for that node,
     * whose offers go back to it; opening again replaces it), answered, told which layers that node needs, or
     * closed.
     */
    void relayRequest(BusMessage message) {
        JsonNode body = relay.tree(message.body());
        String node = message.fromNode();
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            RemoteMember peer = relays.get(node);
            switch (body.path("op").asText()) {
                case "open" -> {
                    if (peer != null) {
                        media.left(peer, roomId);
                    }
                    RemoteMember opened = new RemoteMember(relay, roomId, node, ShowRelay.RELAY_MEMBER,
                            ShowRelay.relayIdentity(node));
                    relays.put(node, opened);
                    // An edge that reads layers announced in SSRCs asks for every layer; an older one gets one.
                    boolean everyLayer = ShowRelay.EVERY_LAYER.equals(body.path("layers").asText());
                    Replies.reply(opened, null,
                            everyLayer ? media.relayOut(opened, roomId) : media.subscribe(opened, roomId),
                            offer -> new ServerMessage.MediaOffer(null, roomId, offer.subscriptionId(), offer.sdp()));
                }
                case "answer" -> {
                    if (peer != null) {
                        Replies.reply(peer, null, media.answer(peer, body.path("subscriptionId").asText(),
                                body.path("sdp").asText()), done -> new ServerMessage.MediaOk(null,
                                body.path("subscriptionId").asText()));
                    }
                }
                case "layers" -> {
                    try {
                        if (peer != null) {
                            media.relayLayers(peer, body.path("subscriptionId").asText(), body.path("mid").asText(),
                                    ShowRelay.layersOf(body));
                        }
                    } catch (ProtocolException e) {
                        // About a relay made afresh meanwhile: the edge tells the new one its layers as they change.
                        log.debug("layers of node {}'s relay of show {} not applied: {}", node, roomId, e.getMessage());
                    }
                }
                case "close" -> {
                    if (relays.remove(node) != null) {
                        media.left(peer, roomId);
                    }
                }
                default -> {
                }
            }
        });
    }

    /** The host's connection on another node closed: the show waits for the host, as for a local one. */
    private void remoteHostGone() {
        media.left(remoteHost, roomId);
        remoteHost = null;
        hostAway();
    }

    /** The host has no connection left: the show ends unless one comes back within the grace period. */
    private void hostAway() {
        if (host == null && remoteHost == null && state == State.LIVE) {
            state = State.HOST_AWAY;
            graceTimer = executor.schedule(() -> endNow(HOST_LEFT, null, null), config.hostGraceMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Drops the member's media here; true, for use in a filter. */
    private boolean leftMedia(RemoteMember member) {
        media.left(member, roomId);
        return true;
    }

    /** Runs on the show's executor. */
    void run(Runnable task) {
        executor.execute(task);
    }

    /** The host's new connection (after a drop, or a second device) takes over the show. */
    private void takeHostSeat(Session session) {
        if (host != null && host != session) {
            host.rooms().remove(this);
            media.left(host, roomId);
        }
        if (viewers.remove(session)) {
            viewersChanged();
        }
        host = session;
        session.rooms().add(this);
        state = State.LIVE;
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    public void leave(Session session, JsonNode requestId) {
        executor.execute(() -> {
            if (session == host) {
                session.send(new ServerMessage.RoomLeft(requestId, roomId));
                endNow(HOST_LEFT, null, null);
                return;
            }
            // A leaver still gets what happened while it was there.
            events.flush();
            if (viewers.remove(session)) {
                session.rooms().remove(this);
                media.left(session, roomId);
                viewersChanged();
                session.send(new ServerMessage.RoomLeft(requestId, roomId));
            } else {
                session.sendError(requestId, ErrorCode.NOT_FOUND, "not in room " + roomId);
            }
        });
    }

    /** {@code show.end} from a connection of the host's user. */
    public void endByHost(Session session, JsonNode requestId) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                session.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            } else {
                endNow(HOST_ENDED, session, requestId);
            }
        });
    }

    /** Ends the show for every member; completes once they have been told. */
    public Future<Void> end(String reason) {
        Promise<Void> done = executor.newPromise();
        executor.execute(() -> {
            endNow(reason, null, null);
            // Told means written to every member's connection, not just handed to their loops.
            events.whenWritten(() -> done.setSuccess(null));
        });
        return done;
    }

    /**
     * Delivers a chat message, unless its sender is muted, slowed down or used a banned word. Members
     * who blocked the sender do not get it.
     */
    public void chat(Requester session, JsonNode requestId, String text) {
        executor.execute(() -> {
            if (!isMember(session)) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "join room " + roomId + " before chatting");
                return;
            }
            Identity from = session.identity();
            String userId = from.userId();
            if (moderation.isMuted(userId)) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "muted", "you are muted in this show");
                return;
            }
            if (moderation.bannedWordIn(userId, text) != null) {
                session.sendError(requestId, ErrorCode.BAD_REQUEST, "banned_word",
                        "your message contains a word this show does not allow");
                return;
            }
            long now = System.nanoTime();
            long waitMs = moderation.slowModeWaitMs(userId, now);
            if (waitMs > 0) {
                session.sendError(requestId, ErrorCode.RATE_LIMITED, "slow_mode",
                        "slow mode: you can send again in " + ((waitMs + 999) / 1000) + " s");
                return;
            }
            String busy = events.tryReserve();
            if (busy != null) {
                session.sendError(requestId, ErrorCode.UNAVAILABLE, busy,
                        "this show cannot take more messages right now; try again in a moment");
                return;
            }
            ServerMessage.Person person = new ServerMessage.Person(userId, from.name());
            long ts = System.currentTimeMillis();
            String msgId = moderation.nextMessageId();
            ServerMessage.Chat event = new ServerMessage.Chat(null, roomId, person, text, ts, msgId);
            moderation.delivered(userId, now, event);
            announceReserved(event, new Audience(session, userId, null), false);
            session.send(new ServerMessage.Chat(requestId, roomId, person, text, ts, msgId));
        });
    }

    /** A page of members for the host and moderators, ordered by user id; a user with several connections is listed once. */
    public void members(Requester session, JsonNode requestId, String cursor, int limit) {
        executor.execute(() -> {
            if (!mayModerate(session, requestId)) {
                return;
            }
            NavigableMap<String, ServerMessage.Member> all = new TreeMap<>();
            all.put(hostId(), new ServerMessage.Member(hostId(), hostIdentity.name(), ShowModeration.HOST, false));
            for (Session viewer : viewers) {
                Identity who = viewer.identity();
                all.putIfAbsent(who.userId(), new ServerMessage.Member(who.userId(), who.name(),
                        moderation.roleOf(who.userId()), moderation.isMuted(who.userId())));
            }
            for (RemoteMember member : remote.values()) {
                Identity who = member.identity();
                all.putIfAbsent(who.userId(), new ServerMessage.Member(who.userId(), who.name(),
                        moderation.roleOf(who.userId()), moderation.isMuted(who.userId())));
            }
            NavigableMap<String, ServerMessage.Member> after = cursor == null ? all : all.tailMap(cursor, false);
            int size = limit <= 0 ? membersPageSize : Math.min(limit, membersPageSize);
            List<ServerMessage.Member> page = after.values().stream().limit(size).toList();
            String next = after.size() > size ? page.get(page.size() - 1).userId() : null;
            session.send(new ServerMessage.RoomMembers(requestId, roomId, page, all.size(), next));
        });
    }

    /**
     * {@code room.moderate}. The host and moderators mute, unmute, remove, ban and unban viewers;
     * only the host names and dismisses moderators or acts on one; nobody acts on the host.
     */
    public void moderate(Requester session, JsonNode requestId, String target, String action) {
        executor.execute(() -> {
            if (!mayModerate(session, requestId)) {
                return;
            }
            String actor = session.identity().userId();
            boolean byHost = actor.equals(hostId());
            if (target.equals(actor)) {
                session.sendError(requestId, ErrorCode.BAD_REQUEST, "you cannot moderate yourself");
            } else if (target.equals(hostId())) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "nobody moderates the host");
            } else if (!byHost && (action.equals("promote") || action.equals("demote"))) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "only the host names moderators");
            } else if (!byHost && ShowModeration.MODERATOR.equals(moderation.roleOf(target))) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "only the host acts on a moderator");
            } else if (action.equals("ban") || action.equals("unban")) {
                moderationStore.setBanned(hostId(), target, action.equals("ban")).whenComplete((done, failure) ->
                        executor.execute(() -> {
                            if (failure != null) {
                                session.sendError(requestId, ErrorCode.UNAVAILABLE, "cannot record the ban right now; try again");
                            } else {
                                moderated(session, requestId, target, action);
                            }
                        }));
            } else {
                moderated(session, requestId, target, action);
            }
        });
    }

    private void moderated(Requester actor, JsonNode requestId, String target, String action) {
        if (state != State.ENDED) {
            moderation.apply(target, action);
            save();
            if (action.equals("remove") || action.equals("ban")) {
                putOut(target, action.equals("ban") ? "banned" : "removed");
            }
            Identity by = actor.identity();
            ServerMessage.RoomModerated event = new ServerMessage.RoomModerated(null, roomId, target, action,
                    new ServerMessage.Person(by.userId(), by.name()));
            // The target learns what happened to them, the host and moderators what the others did.
            Set<String> concerned = new LinkedHashSet<>(moderation.moderators());
            concerned.add(hostId());
            concerned.add(target);
            announce(event, new Audience(actor, null, concerned), false);
        }
        actor.send(new ServerMessage.RoomModerated(requestId, roomId, target, action,
                new ServerMessage.Person(actor.identity().userId(), actor.identity().name())));
    }

    /**
     * The platform (server API) removes the user from this show, or bans them from the host's shows (recorded
     * through the moderation store, as a host's ban is): every connection of theirs gets {@code room.removed}
     * with the reason and leaves, and may not come back into this show. Completes with the number of
     * connections put out; fails with {@code not_found} once the show ended, {@code bad_request} for the host,
     * {@code unavailable} when a ban cannot be recorded.
     */
    public CompletionStage<Integer> putOutByPlatform(String userId, boolean ban) {
        if (userId.equals(hostId())) {
            return CompletableFuture.failedFuture(ProtocolException.badRequest(
                    "the host cannot be put out of their own show; end the show instead"));
        }
        CompletionStage<Void> recorded = ban ? moderationStore.setBanned(hostId(), userId, true)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        recorded.whenComplete((ignored, failure) -> executor.execute(() -> {
            if (failure != null) {
                done.completeExceptionally(new ProtocolException(ErrorCode.UNAVAILABLE,
                        "cannot record the ban right now; try again"));
            } else if (state == State.ENDED) {
                done.completeExceptionally(new ProtocolException(ErrorCode.NOT_FOUND, "no live show " + roomId));
            } else {
                String action = ban ? "ban" : "remove";
                moderation.apply(userId, action);
                save();
                done.complete(putOut(userId, ban ? "banned" : "removed"));
            }
        }));
        return done;
    }

    /** Every connection of the user leaves the show at once, its media with it; how many there were. */
    private int putOut(String userId, String reason) {
        events.flush();
        int out = 0;
        boolean changed = false;
        for (Iterator<Session> it = viewers.iterator(); it.hasNext(); ) {
            Session viewer = it.next();
            if (viewer.identity().userId().equals(userId)) {
                it.remove();
                viewer.rooms().remove(this);
                media.left(viewer, roomId);
                viewer.send(new ServerMessage.RoomRemoved(roomId, reason));
                changed = true;
                out++;
            }
        }
        for (Iterator<RemoteMember> it = remote.values().iterator(); it.hasNext(); ) {
            RemoteMember member = it.next();
            if (member.identity().userId().equals(userId)) {
                it.remove();
                media.left(member, roomId);
                member.putOut(new ServerMessage.RoomRemoved(roomId, reason));
                changed = true;
                out++;
            }
        }
        if (changed) {
            viewersChanged();
        }
        return out;
    }

    /** {@code room.settings}: slow mode and the show's own banned words; null leaves one as it is. */
    public void settings(Requester session, JsonNode requestId, Integer slowModeSeconds, List<String> bannedWords) {
        executor.execute(() -> {
            if (!mayModerate(session, requestId)) {
                return;
            }
            int slow = slowModeSeconds == null ? moderation.slowModeSeconds() : slowModeSeconds;
            List<String> before = moderation.showWords();
            int slowBefore = moderation.slowModeSeconds();
            try {
                moderation.slowModeSeconds(slow);
                if (bannedWords != null) {
                    moderation.showWords(bannedWords);
                }
            } catch (IllegalArgumentException e) {
                moderation.slowModeSeconds(slowBefore);
                moderation.showWords(before);
                session.sendError(requestId, ErrorCode.BAD_REQUEST, e.getMessage());
                return;
            }
            if (slow != slowBefore) {
                announce(new ServerMessage.RoomSettings(null, roomId, slow, null), Audience.allBut(session), false);
            }
            save();
            session.send(new ServerMessage.RoomSettings(requestId, roomId, slow, moderation.showWords()));
        });
    }

    /** {@code room.pin}: the host or a moderator pins a message for everyone (late joiners get it in room.joined). */
    public void pin(Requester session, JsonNode requestId, String text) {
        executor.execute(() -> {
            if (!mayModerate(session, requestId)) {
                return;
            }
            Identity by = session.identity();
            if (text != null && moderation.bannedWordIn(by.userId(), text) != null) {
                session.sendError(requestId, ErrorCode.BAD_REQUEST, "banned_word",
                        "the message contains a word this show does not allow");
                return;
            }
            ServerMessage.Pinned pinned = text == null ? null
                    : new ServerMessage.Pinned(text, new ServerMessage.Person(by.userId(), by.name()), System.currentTimeMillis());
            moderation.pinned(pinned);
            save();
            announce(new ServerMessage.RoomPinned(null, roomId, pinned), Audience.allBut(session), false);
            session.send(new ServerMessage.RoomPinned(requestId, roomId, pinned));
        });
    }

    /** A free like; the room hears the sum once per {@code room.likesUpdateMs}. */
    public void like(Requester session, JsonNode requestId) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                session.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            } else if (!isMember(session)) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "join room " + roomId + " before liking it");
            } else {
                pendingLikes++;
                totalLikes++;
                likeUpdates.request();
            }
        });
    }

    private void announceLikes() {
        if (state == State.ENDED || pendingLikes == 0) {
            return;
        }
        announce(new ServerMessage.Likes(roomId, pendingLikes, totalLikes), Audience.EVERYONE, false);
        pendingLikes = 0;
        save();
    }

    /**
     * Files a member's report of the show, or of a recent message ({@code messageId}) with the text
     * the server delivered, so a report cannot put words in someone's mouth.
     */
    public void report(Requester session, JsonNode requestId, String messageId, String reason) {
        executor.execute(() -> {
            if (!isMember(session)) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "join room " + roomId + " before reporting in it");
                return;
            }
            String userId = hostId();
            String text = null;
            if (messageId != null) {
                ServerMessage.Chat reported = moderation.recentMessage(messageId);
                if (reported == null) {
                    session.sendError(requestId, ErrorCode.NOT_FOUND, "no recent message " + messageId + " in this show");
                    return;
                }
                userId = reported.from().userId();
                text = reported.text();
            }
            Report report = new Report(session.identity().userId(), roomId, hostId(), userId, messageId, text, reason,
                    System.currentTimeMillis());
            moderationStore.report(report).whenComplete((reportId, failure) -> {
                if (failure != null) {
                    session.sendError(requestId, ErrorCode.UNAVAILABLE, "cannot file the report right now; try again");
                } else {
                    session.send(new ServerMessage.ReportReceived(requestId, reportId));
                }
            });
        });
    }

    /** Whether the session may moderate this live show; sends the error when not. On the executor. */
    private boolean mayModerate(Requester session, JsonNode requestId) {
        if (state == State.ENDED) {
            session.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
            return false;
        }
        if (!isMember(session) || !moderation.moderates(session.identity().userId())) {
            session.sendError(requestId, ErrorCode.FORBIDDEN, "only the host and the moderators they named may do this");
            return false;
        }
        return true;
    }

    /** A publisher's media started or stopped flowing: tell every member. */
    @Override
    public void publisherChanged(String userId, boolean live) {
        executor.execute(() -> {
            if (state == State.ENDED || !(live ? publishers.add(userId) : publishers.remove(userId))) {
                return;
            }
            announce(new ServerMessage.RoomPublisher(roomId, userId, live ? "live" : "gone"), Audience.EVERYONE, false);
        });
    }

    /** The host lets another user publish in the show (a guest on stage). */
    public void invite(String userId) {
        guests.add(userId);
    }

    /** The host and invited guests may publish; safe from any thread. */
    @Override
    public boolean mayPublish(String userId) {
        return hostId().equals(userId) || guests.contains(userId);
    }

    /** Whether the requester is the host or a viewer of this show, here or on another node; on the executor. */
    private boolean isMember(Requester requester) {
        return requester instanceof RemoteMember member ? remote.get(member.key()) == member || member == remoteHost
                : requester instanceof Session session && hasMember(session);
    }

    /** Whether the session is the host or a viewer of this show; safe from any thread. */
    @Override
    public boolean hasMember(Session session) {
        return session.rooms().contains(this);
    }

    @Override
    public void memberGone(Session session) {
        media.left(session, roomId);
        executor.execute(() -> {
            if (session == host) {
                host = null;
                hostAway();
            } else if (viewers.remove(session)) {
                viewersChanged();
            }
        });
    }

    private void endNow(String reason, Requester requester, JsonNode requestId) {
        if (state == State.ENDED) {
            return;
        }
        stop();
        if (relay.enabled()) {
            store.remove(roomId, relay.nodeId());
        }
        media.roomClosed(roomId);
        gifts.roomClosed(roomId);
        // The members get everything gathered before the end, then the end, before they are let go.
        announce(new ServerMessage.ShowEnded(null, roomId, reason), Audience.allBut(requester), true);
        events.close();
        Map<String, Object> ended = new LinkedHashMap<>();
        ended.put("roomId", roomId);
        ended.put("hostId", hostId());
        ended.put("reason", reason);
        ended.put("durationSec", (System.currentTimeMillis() - startedMillis) / 1000);
        webhooks.append(WebhookEvent.of(WebhookEventType.SHOW_ENDED, roomId, ended));
        if (requester != null) {
            requester.send(new ServerMessage.ShowEnded(requestId, roomId, reason));
        }
        letGo();
    }

    /** The show stops running here (it ended, or moved away): no more timers, feed or listing. */
    private void stop() {
        state = State.ENDED;
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        viewerUpdates.cancel();
        likeUpdates.cancel();
        roomGifts.close();
        onEnded.run();
    }

    /** Lets every member go. */
    private void letGo() {
        if (host != null) {
            host.rooms().remove(this);
        }
        for (Session viewer : viewers) {
            viewer.rooms().remove(this);
        }
        host = null;
        viewers.clear();
        remote.clear();
        remoteHost = null;
        relays.clear();
        viewerCount = 0;
    }

    /** Viewer-count changes become at most one {@code room.viewers} per interval. */
    private void viewersChanged() {
        viewerCount = viewers.size() + remote.size();
        viewerUpdates.request();
    }

    private void announceViewers() {
        if (state == State.ENDED || viewerCount == announcedViewers) {
            return;
        }
        announcedViewers = viewerCount;
        announce(new ServerMessage.RoomViewers(roomId, viewerCount), Audience.EVERYONE, false);
    }

    /**
     * A room event for every member it is for, here and on the other nodes. Gifts and the leaderboard are not
     * relayed: every node reads them from the gift feed and the store itself. On the executor.
     */
    private void announce(ServerMessage event, Audience audience, boolean ends) {
        relayed(event, events.add(event, audience.localExcept(), audience.localSkip()), audience, ends);
    }

    /** As {@link #announce}, for an event whose slot was reserved. */
    private void announceReserved(ServerMessage event, Audience audience, boolean ends) {
        relayed(event, events.addReserved(event, audience.localExcept(), audience.localSkip()), audience, ends);
    }

    /** The event to the members on other nodes, in the bytes it was encoded in for this node's (once). */
    private void relayed(ServerMessage event, byte[] json, Audience audience, boolean ends) {
        if (!remote.isEmpty() || remoteHost != null) {
            relay.event(roomId, event, json, audience, ends);
        }
    }

    /** The members as the room's events see them: the host first, then the viewers. On the executor. */
    private void eachMember(Consumer<Session> member) {
        if (host != null) {
            member.accept(host);
        }
        viewers.forEach(member);
    }
}

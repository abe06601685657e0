package io.livestage.signaling.show;

import io.livestage.signaling.cluster.RunStore;
import io.livestage.signaling.cluster.BusMessage;
import io.livestage.signaling.cluster.ClusterBus;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.RoomIds;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The live shows of this node, by room id and by host, and the shows of other nodes this node has members in
 * (their edges here). A host has at most one live show; each show and edge is pinned to one executor of the
 * group, chosen round-robin. In a cluster it is also this node's end of the show traffic on the cluster bus:
 * its shows answer members on other nodes, its edges follow shows hosted elsewhere.
 */
public final class ShowDirectory {
    private final EventExecutorGroup executors;
    private final ShowServices services;
    private final RoomIds ids = new RoomIds();
    private final ConcurrentMap<String, Show> byRoom = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Show> byHost = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, EdgeRoom> edges = new ConcurrentHashMap<>();
    private final ClusterDirectory cluster;
    private final ShowRelay relay;
    private final Function<String, Session> sessions;
    private final RunStore<ShowRecord> store;
    private final BooleanSupplier draining;

    public ShowDirectory(EventExecutorGroup executors, ShowsConfig config, RoomConfig room, Broadcaster broadcaster,
                         MediaPlane media, GiftBridge gifts, ModerationStore moderation) {
        this(executors, config, room, broadcaster, media, gifts, moderation, WebhookOutbox.NONE);
    }

    /** With the outbox {@code show.started} and {@code show.ended} are reported to. */
    public ShowDirectory(EventExecutorGroup executors, ShowsConfig config, RoomConfig room, Broadcaster broadcaster,
                         MediaPlane media, GiftBridge gifts, ModerationStore moderation, WebhookOutbox webhooks) {
        this(executors, config, room, broadcaster, media, gifts, moderation, webhooks, new ClusterDirectory(),
                ClusterBus.NONE, id -> null, RunStore.none(), () -> false);
    }

    /**
     * As a node of a cluster: the directory says which node hosts a show, the bus carries requests, replies and
     * room events between a show's origin and the nodes with members in it; {@code sessions} finds this node's
     * open connection by id (null when closed), for the replies to a request of someone not (or no longer) a member;
     * {@code store} keeps the live shows, so that a show moves with its host off a node that drains
     * ({@code draining}) and outlives a node that dies.
     */
    public ShowDirectory(EventExecutorGroup executors, ShowsConfig config, RoomConfig room, Broadcaster broadcaster,
                         MediaPlane media, GiftBridge gifts, ModerationStore moderation, WebhookOutbox webhooks,
                         ClusterDirectory cluster, ClusterBus bus, Function<String, Session> sessions, RunStore<ShowRecord> store,
                         BooleanSupplier draining) {
        this.executors = executors;
        this.sessions = sessions;
        this.cluster = cluster;
        this.store = store;
        this.draining = draining;
        this.relay = new ShowRelay(cluster.nodeId(), bus, broadcaster.codec());
        this.services = new ShowServices(config, room, broadcaster, media, gifts, moderation, webhooks, relay, store);
        if (bus.enabled()) {
            bus.receive(this::onBus);
            cluster.onNodesLeft(this::nodesLeft);
            cluster.onNodesArrived(this::nodesArrived);
            cluster.onRejoined(this::rejoined);
        }
    }

    /** Starts a show hosted by the session's user; {@code conflict} when they already have one. */
    public Show start(Session host, String title) {
        String hostId = host.identity().userId();
        String roomId = ids.next('r', 12);
        Show[] created = new Show[1];
        Show existing = byHost.computeIfAbsent(hostId, id -> {
            created[0] = new Show(roomId, title, host, executors.next(), services, () -> remove(roomId, hostId));
            byRoom.put(roomId, created[0]);
            return created[0];
        });
        if (created[0] == null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you already host live show " + existing.roomId());
        }
        if (relay.enabled()) {
            // Listed on the other nodes now, not at the next heartbeat: its first viewers may come through them.
            cluster.refreshNow();
        }
        return created[0];
    }

    public Optional<Show> find(String roomId) {
        return Optional.ofNullable(byRoom.get(roomId));
    }

    /** The show a gift is for: hosted here, or hosted elsewhere with members here. */
    public Optional<GiftRoom> giftRoom(String roomId) {
        Show show = byRoom.get(roomId);
        return show != null ? Optional.of(show) : Optional.ofNullable(edges.get(roomId));
    }

    /**
     * {@code room.join} of a show not hosted here: asks the node that hosts it, through this node's edge of the
     * show. A show no other node lists yet (it may have started since the last heartbeat) is looked for once
     * more in the registry first, then answered {@code not_found}. False when this node is in no cluster.
     */
    public boolean joinElsewhere(Session session, ClientMessage.RoomJoin join, int maxRooms) {
        if (!relay.enabled()) {
            return false;
        }
        Optional<String> origin = cluster.nodeOf(join.roomId());
        if (origin.isPresent()) {
            edge(join.roomId(), origin.get()).join(session, join, maxRooms);
            return true;
        }
        cluster.refreshNow().whenComplete((ignored, failure) -> {
            Optional<String> found = cluster.nodeOf(join.roomId());
            Show here = byRoom.get(join.roomId());
            if (here != null) {
                here.join(session, join.id(), maxRooms);
            } else if (found.isPresent()) {
                edge(join.roomId(), found.get()).join(session, join, maxRooms);
            } else {
                joinUnlisted(session, join, maxRooms);
            }
        });
        return true;
    }

    /**
     * A show no node lists: ended, or its node died. Its record says which: a show whose node is gone is carried
     * on here when its host comes back (the host's join claims it), and waits for its host for anyone else.
     */
    private void joinUnlisted(Session session, ClientMessage.RoomJoin join, int maxRooms) {
        store.find(join.roomId()).whenComplete((found, failure) -> {
            Show here = byRoom.get(join.roomId());
            if (here != null) {
                here.join(session, join.id(), maxRooms);
            } else if (failure != null || found.isEmpty()) {
                session.sendError(join.id(), ErrorCode.NOT_FOUND, "no live show " + join.roomId());
            } else if (alive(found.get().node())) {
                edge(join.roomId(), found.get().node()).join(session, join, maxRooms);
            } else if (session.identity().userId().equals(found.get().hostId())) {
                ShowRecord record = found.get();
                store.claim(record.roomId(), record.node(), cluster.nodeId()).whenComplete((won, refused) -> {
                    if (refused != null) {
                        session.sendError(join.id(), ErrorCode.UNAVAILABLE, "cannot carry the show on right now; try again");
                    } else if (Boolean.TRUE.equals(won)) {
                        ShowRecord mine = record.runBy(cluster.nodeId());
                        carryOn(mine).join(session, join.id(), maxRooms);
                        relay.moved(mine);
                    } else {
                        // Another node claimed it first: its record says which.
                        joinUnlisted(session, join, maxRooms);
                    }
                });
            } else {
                EdgeRoom waiting = edge(join.roomId(), found.get().node());
                waiting.originGone();
                waiting.join(session, join, maxRooms);
            }
        });
    }

    private boolean alive(String node) {
        return node.equals(cluster.nodeId()) || cluster.others().stream().anyMatch(listing -> listing.nodeId().equals(node));
    }

    /**
     * Runs here a show that moved here (its node drains, or died and its host came back here): this node's edge of
     * it hands its members over, and the other nodes hear of it at the next heartbeat or at once through
     * {@code MOVED}.
     */
    private Show carryOn(ShowRecord record) {
        Show[] created = new Show[1];
        Show show = byRoom.computeIfAbsent(record.roomId(), id -> created[0] = Show.carriedOn(record, executors.next(),
                services, () -> remove(id, record.hostId())));
        if (created[0] != null) {
            byHost.putIfAbsent(record.hostId(), show);
            EdgeRoom edge = edges.remove(record.roomId());
            if (edge != null) {
                edge.handOut(show);
            }
            cluster.refreshNow();
        }
        return show;
    }

    /**
     * A request about a show another node hosts, from a member here (or one joining): forwarded to that node,
     * which answers it. False when this node follows no such show.
     */
    public boolean forwardElsewhere(Session session, String roomId, ClientMessage request) {
        EdgeRoom edge = edges.get(roomId);
        if (edge == null) {
            return false;
        }
        edge.forward(session, request);
        return true;
    }

    /** The show as this node's members of it see it, when another node hosts it and it has members here. */
    public Optional<MediaRoom> edge(String roomId) {
        return Optional.ofNullable(edges.get(roomId));
    }

    /**
     * A member here subscribes to the show's media: when another node hosts it, this node's edge of it receives
     * the media once from there (a relay) and serves its members from that, as from a publisher here.
     */
    public void watching(String roomId) {
        EdgeRoom edge = edges.get(roomId);
        if (edge != null) {
            edge.watching();
        }
    }

    private EdgeRoom edge(String roomId, String origin) {
        return edges.computeIfAbsent(roomId, id -> {
            EdgeRoom[] created = new EdgeRoom[1];
            created[0] = new EdgeRoom(id, origin, executors.next(), services, () -> edges.remove(id, created[0]),
                    this::joinElsewhere, sessions);
            return created[0];
        });
    }

    /** What the cluster bus brought for this node; on the bus's thread. */
    private void onBus(BusMessage message) {
        switch (message.kind()) {
            case REQUEST -> fromEdge(message);
            case RELAY -> find(message.roomId()).ifPresent(show -> show.relayRequest(message));
            case ROSTER -> find(message.roomId()).ifPresent(show ->
                    show.roster(message.fromNode(), relay.rosterOf(message)));
            case GONE -> find(message.roomId()).ifPresent(show ->
                    show.remoteGone(RemoteMember.key(message.fromNode(), message.member())));
            case REPLY -> {
                EdgeRoom edge = edges.get(message.roomId());
                if (edge != null) {
                    edge.reply(message);
                } else {
                    EdgeRoom.replyToNonMember(sessions.apply(message.member()), message, relay);
                }
            }
            case EVENT -> {
                EdgeRoom edge = edges.get(message.roomId());
                if (edge != null && edge.originNode().equals(message.fromNode())) {
                    edge.event(message);
                }
                if (relay.audienceOf(message).ends()) {
                    cluster.showEnded(message.roomId());
                }
            }
            case MOVED -> {
                ShowRecord record = relay.recordOf(message);
                Show here = byRoom.get(message.roomId());
                if (record.node().equals(cluster.nodeId())) {
                    carryOn(record);
                } else if (here != null) {
                    // Carried on elsewhere while this node was taken for dead: its record tells whether this copy goes.
                    follow(here);
                } else {
                    EdgeRoom edge = edges.get(message.roomId());
                    if (edge != null) {
                        edge.moveTo(record.node());
                    }
                }
            }
            default -> {
                // Calls' messages: the node's calls take them.
            }
        }
    }

    /** A request of a member on another node for a show hosted here: the show answers it as it would here. */
    private void fromEdge(BusMessage message) {
        RemoteMember asking = new RemoteMember(relay, message.roomId(), message.fromNode(), message.member(),
                relay.identityOf(message));
        ClientMessage request;
        try {
            request = relay.decodeRequest(message);
        } catch (ProtocolException e) {
            asking.sendError(e.requestId(), e.code(), e.getMessage());
            return;
        }
        Show show = byRoom.get(message.roomId());
        if (show == null) {
            asking.sendError(request.id(), ErrorCode.NOT_FOUND, "no live show " + message.roomId());
            return;
        }
        if (request instanceof ClientMessage.RoomJoin && draining.getAsBoolean()
                && asking.identity().userId().equals(show.hostId())) {
            // The host came back through another node while this one drains: the show moves there with them, and
            // that node answers their join.
            show.handOver(message.fromNode(), here -> edge(message.roomId(), message.fromNode()).keep(here));
            return;
        }
        show.run(() -> {
            RemoteMember known = show.remoteMember(asking.key());
            RemoteMember member = known != null ? known : asking;
            if (request instanceof ClientMessage.RoomJoin join) {
                show.joinRemote(asking, join.id());
            } else if (request instanceof ClientMessage.RoomLeave leave) {
                show.leaveRemote(asking.key(), leave.id(), member);
            } else if (request instanceof ClientMessage.ChatSend chat) {
                show.chat(member, chat.id(), chat.text());
            } else if (request instanceof ClientMessage.LikeSend like) {
                show.like(member, like.id());
            } else if (request instanceof ClientMessage.ReportSend report) {
                show.report(member, report.id(), report.messageId(), report.reason());
            } else if (request instanceof ClientMessage.RoomMembers members) {
                show.members(member, members.id(), members.cursor(), members.limit());
            } else if (request instanceof ClientMessage.RoomModerate moderate) {
                show.moderate(member, moderate.id(), moderate.userId(), moderate.action());
            } else if (request instanceof ClientMessage.RoomSettings settings) {
                show.settings(member, settings.id(), settings.slowModeSeconds(), settings.bannedWords());
            } else if (request instanceof ClientMessage.RoomPin pin) {
                show.pin(member, pin.id(), pin.text());
            } else if (request instanceof ClientMessage.MediaPublish publish) {
                show.publishRemote(member, publish.id(), publish.sdp());
            } else if (request instanceof ClientMessage.MediaUnpublish) {
                show.unpublishRemote(member);
            } else if (request instanceof ClientMessage.ShowEnd end) {
                show.endByRemote(member, end.id());
            } else {
                member.sendError(request.id(), ErrorCode.BAD_REQUEST,
                        request.type() + " is not answered for a member on another node");
            }
        });
    }

    /** Nodes left the cluster: members connected to them are gone, shows hosted on them ended for members here. */
    private void nodesLeft(Set<String> left) {
        for (Show show : byRoom.values()) {
            show.nodesLeft(left);
        }
        for (EdgeRoom edge : edges.values()) {
            if (left.contains(edge.originNode())) {
                edge.originGone();
            }
        }
    }

    /**
     * Nodes (re)joined the cluster: a show paused here because its node was taken for dead (a stall longer than the
     * expiry, Redis lost for a while) goes on from that node if nobody carried it on meanwhile.
     */
    private void nodesArrived(Set<String> arrived) {
        for (EdgeRoom edge : edges.values()) {
            if (arrived.contains(edge.originNode())) {
                edge.originBack();
            }
        }
    }

    /**
     * This node had been taken for dead and is listed again: a show whose host came back through another node
     * meanwhile goes on there, and this node's members of it follow it there (this node an edge of it now).
     */
    private void rejoined() {
        for (Show show : byRoom.values()) {
            follow(show);
        }
    }

    /** The members here of a show that went on at {@code origin}: kept in it, through this node's edge of it. */
    private void follow(Show show) {
        show.checkCarriedOnElsewhere((origin, members) -> edge(show.roomId(), origin).keep(members));
    }

    public List<ServerMessage.ShowSummary> list() {
        List<ServerMessage.ShowSummary> shows = new ArrayList<>(byRoom.size());
        for (Show show : byRoom.values()) {
            shows.add(show.summary());
        }
        shows.sort(Comparator.comparingInt(ServerMessage.ShowSummary::viewers).reversed()
                .thenComparing(ServerMessage.ShowSummary::roomId));
        return shows;
    }

    public int size() {
        return byRoom.size();
    }

    public int totalViewers() {
        int total = 0;
        for (Show show : byRoom.values()) {
            total += show.viewerCount();
        }
        return total;
    }

    /** Ends every show with the reason; each future completes once that show's members have been told. */
    public List<Future<Void>> endAll(String reason) {
        List<Future<Void>> ending = new ArrayList<>();
        for (Show show : byRoom.values()) {
            ending.add(show.end(reason));
        }
        return ending;
    }

    private void remove(String roomId, String hostId) {
        Show show = byRoom.remove(roomId);
        if (show != null) {
            byHost.remove(hostId, show);
        }
    }
}

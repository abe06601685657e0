package io.livestage.signaling.show;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Session;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A live show. Every state change runs on the show's own executor (one event loop), so the
 * member sets need no locks; public methods hop onto it. Only {@link #viewerCount()} and the
 * immutable fields are read from other threads.
 */
public final class Show implements MediaRoom {
    /** Why a show ended, as sent in {@code show.ended}. */
    public static final String HOST_ENDED = "host_ended";
    public static final String HOST_LEFT = "host_left";
    public static final String SERVER_SHUTDOWN = "server_shutdown";

    private enum State { LIVE, HOST_AWAY, ENDED }

    private static final int LEADERBOARD_SIZE = 10;

    private final String roomId;
    private final String title;
    private final Identity hostIdentity;
    private final EventExecutor executor;
    private final ShowsConfig config;
    private final Broadcaster broadcaster;
    private final Runnable onEnded;
    private final MediaPlane media;
    private final GiftBridge gifts;
    private final Coalescer viewerUpdates;
    private final Coalescer leaderboardUpdates;
    /** Delivers this room's gift events from every node while the show lives. */
    private final AutoCloseable giftWatch;
    private final Set<Session> viewers = new LinkedHashSet<>();
    private final Set<String> publishers = new LinkedHashSet<>();
    /** Users the host invited to publish beside them; read from any thread. */
    private final Set<String> guests = ConcurrentHashMap.newKeySet();
    private Session host;
    private State state = State.LIVE;
    private ScheduledFuture<?> graceTimer;
    private int announcedViewers = -1;
    private List<ServerMessage.TopGifter> leaderboard = List.of();
    private volatile int viewerCount;

    Show(String roomId, String title, Session host, EventExecutor executor, ShowServices services, Runnable onEnded) {
        this.roomId = roomId;
        this.title = title;
        this.hostIdentity = host.identity();
        this.host = host;
        this.executor = executor;
        this.config = services.config();
        this.broadcaster = services.broadcaster();
        this.media = services.media();
        this.gifts = services.gifts();
        this.onEnded = onEnded;
        this.viewerUpdates = new Coalescer(executor, config.viewerUpdateMs(), this::announceViewers);
        this.leaderboardUpdates = new Coalescer(executor, config.leaderboardUpdateMs(), this::refreshLeaderboard);
        host.rooms().add(this);
        this.giftWatch = gifts.watch(roomId, event -> executor.execute(() -> onGift(event)));
    }

    @Override
    public String roomId() {
        return roomId;
    }

    public String hostId() {
        return hostIdentity.userId();
    }

    /** Only a verified adult's show takes gifts: earning is a transaction, and those are for over-18s. */
    public boolean acceptsGifts() {
        return hostIdentity.adult();
    }

    public int viewerCount() {
        return viewerCount;
    }

    ServerMessage.ShowSummary summary() {
        return new ServerMessage.ShowSummary(roomId, title, hostIdentity.userId(), hostIdentity.name(), viewerCount);
    }

    public void join(Session session, JsonNode requestId, int maxRooms) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                session.sendError(requestId, ErrorCode.NOT_FOUND, "no live show " + roomId);
                return;
            }
            boolean member = session == host || viewers.contains(session);
            if (!member && session.rooms().size() >= maxRooms) {
                session.sendError(requestId, ErrorCode.CONFLICT, "already in " + maxRooms + " rooms; leave one first");
                return;
            }
            if (session.identity().userId().equals(hostId())) {
                takeHostSeat(session);
            } else if (viewers.add(session)) {
                session.rooms().add(this);
                viewersChanged();
            }
            session.send(new ServerMessage.RoomJoined(requestId, roomId, title, hostId(), viewers.size(),
                    List.copyOf(publishers), leaderboard, acceptsGifts()));
        });
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
            } else if (viewers.remove(session)) {
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
            done.setSuccess(null);
        });
        return done;
    }

    public void chat(Session session, JsonNode requestId, String text) {
        executor.execute(() -> {
            if (session != host && !viewers.contains(session)) {
                session.sendError(requestId, ErrorCode.FORBIDDEN, "join room " + roomId + " before chatting");
                return;
            }
            Identity from = session.identity();
            ServerMessage.Person person = new ServerMessage.Person(from.userId(), from.name());
            long ts = System.currentTimeMillis();
            broadcaster.toAll(new ServerMessage.Chat(null, roomId, person, text, ts), host, viewers, session);
            session.send(new ServerMessage.Chat(requestId, roomId, person, text, ts));
        });
    }

    /** A publisher's media started or stopped flowing: tell every member. */
    @Override
    public void publisherChanged(String userId, boolean live) {
        executor.execute(() -> {
            if (state == State.ENDED || !(live ? publishers.add(userId) : publishers.remove(userId))) {
                return;
            }
            broadcaster.toAll(new ServerMessage.RoomPublisher(roomId, userId, live ? "live" : "gone"), host, viewers, null);
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
                if (state == State.LIVE) {
                    state = State.HOST_AWAY;
                    graceTimer = executor.schedule(() -> endNow(HOST_LEFT, null, null),
                            config.hostGraceMs(), TimeUnit.MILLISECONDS);
                }
            } else if (viewers.remove(session)) {
                viewersChanged();
            }
        });
    }

    private void endNow(String reason, Session requester, JsonNode requestId) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        viewerUpdates.cancel();
        leaderboardUpdates.cancel();
        closeGiftWatch();
        onEnded.run();
        media.roomClosed(roomId);
        gifts.roomClosed(roomId);
        broadcaster.toAll(new ServerMessage.ShowEnded(null, roomId, reason), host, viewers, requester);
        if (requester != null) {
            requester.send(new ServerMessage.ShowEnded(requestId, roomId, reason));
        }
        if (host != null) {
            host.rooms().remove(this);
        }
        for (Session viewer : viewers) {
            viewer.rooms().remove(this);
        }
        host = null;
        viewers.clear();
        viewerCount = 0;
    }

    /** Viewer-count changes become at most one {@code room.viewers} per interval. */
    private void viewersChanged() {
        viewerCount = viewers.size();
        viewerUpdates.request();
    }

    private void announceViewers() {
        if (state == State.ENDED || viewerCount == announcedViewers) {
            return;
        }
        announcedViewers = viewerCount;
        broadcaster.toAll(new ServerMessage.RoomViewers(roomId, viewerCount), host, viewers, null);
    }

    /** A committed gift, from any node: every member sees it; the board follows, coalesced. */
    private void onGift(GiftBridge.GiftEvent event) {
        if (state == State.ENDED) {
            return;
        }
        broadcaster.toAll(new ServerMessage.Gift(roomId, event.txId(),
                new ServerMessage.Person(event.fromUserId(), event.fromName()), new ServerMessage.Recipient(event.toUserId()),
                event.giftId(), event.count(), event.combo(), event.animation(), event.ts()), host, viewers, null);
        leaderboardUpdates.request();
    }

    private void refreshLeaderboard() {
        gifts.leaderboard(roomId, LEADERBOARD_SIZE).whenComplete((top, failure) -> {
            if (failure == null) {
                executor.execute(() -> announceLeaderboard(top));
            }
        });
    }

    private void announceLeaderboard(List<GiftBridge.TopGifter> top) {
        if (state == State.ENDED) {
            return;
        }
        leaderboard = top.stream().map(g -> new ServerMessage.TopGifter(g.userId(), g.name(), g.amount())).toList();
        broadcaster.toAll(new ServerMessage.Leaderboard(roomId, leaderboard), host, viewers, null);
    }

    private void closeGiftWatch() {
        try {
            giftWatch.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop watching gifts of " + roomId, e);
        }
    }
}

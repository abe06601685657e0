package io.livestage.signaling.dispatch;

import static io.livestage.signaling.session.Replies.reply;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenVerifier;
import io.livestage.signaling.auth.VerifiedToken;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeDrain;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.ice.IceServers;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.protocol.Versions;
import io.livestage.signaling.ratelimit.ConnectionCaps;
import io.livestage.signaling.ratelimit.UserRateLimiter;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Room;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.show.GiftRoom;
import io.livestage.signaling.show.Show;
import io.livestage.signaling.show.ShowDirectory;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries out one decoded request for a session. Runs on the session's event loop; room
 * state changes hop onto the room's executor inside {@link Show}.
 */
public final class Dispatcher {
    /** Users one connection may block: enough for anyone, bounded so a client cannot grow the heap. */
    static final int MAX_BLOCKED = 1000;

    private final TokenVerifier tokens;
    private final ShowDirectory shows;
    private final UserRateLimiter chatLimiter;
    private final UserRateLimiter likeLimiter;
    private final ServerMessage.ClientSettings clientSettings;
    private final LimitsConfig limits;
    private final IceServers iceServers;
    private final MediaPlane media;
    private final GiftBridge gifts;
    private final Consultations calls;
    private final ConnectionCaps caps;
    private final SignalingMetrics metrics;
    private final ModerationStore moderation;
    private final ClusterDirectory cluster;
    private final NodeDrain drain;

    public Dispatcher(TokenVerifier tokens, ShowDirectory shows, UserRateLimiter chatLimiter, UserRateLimiter likeLimiter,
                      LimitsConfig limits, IceServers iceServers, MediaPlane media, GiftBridge gifts, Consultations calls,
                      ConnectionCaps caps, SignalingMetrics metrics, ServerMessage.ClientSettings clientSettings,
                      ModerationStore moderation, ClusterDirectory cluster, NodeDrain drain) {
        this.moderation = moderation;
        this.cluster = cluster;
        this.drain = drain;
        this.likeLimiter = likeLimiter;
        this.clientSettings = clientSettings;
        this.tokens = tokens;
        this.caps = caps;
        this.metrics = metrics;
        this.shows = shows;
        this.chatLimiter = chatLimiter;
        this.limits = limits;
        this.media = media;
        this.gifts = gifts;
        this.calls = calls;
        this.iceServers = iceServers;
    }

    /**
     * Handles the request or throws {@link ProtocolException} for the error to send. Before sign-in only
     * {@code auth} is accepted, through {@link #admit}.
     */
    public void dispatch(Session session, ClientMessage message) {
        if (!session.isAuthenticated()) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the first message must be auth");
        }
        if (message instanceof ClientMessage.Auth) {
            throw new ProtocolException(ErrorCode.CONFLICT, "already authenticated");
        } else if (message instanceof ClientMessage.AuthRefresh refresh) {
            refresh(session, refresh);
        } else if (message instanceof ClientMessage.Ping ping) {
            session.send(new ServerMessage.Pong(ping.id(), System.currentTimeMillis()));
        } else if (message instanceof ClientMessage.ShowStart start) {
            require(session, Role.CREATOR, "start a show");
            if (refusedWhileDraining(session, start.id(), "shows")) {
                return;
            }
            Show show = shows.start(session, start.title());
            session.send(new ServerMessage.ShowStarted(start.id(), show.roomId()));
        } else if (message instanceof ClientMessage.ShowEnd end) {
            if (shows.find(end.roomId()).isEmpty() && shows.forwardElsewhere(session, end.roomId(), end)) {
                return;
            }
            Show show = show(end.roomId());
            if (!show.hostId().equals(session.identity().userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only the host can end the show");
            }
            show.endByHost(session, end.id());
        } else if (message instanceof ClientMessage.ShowInvite invite) {
            Show show = show(invite.roomId());
            if (!show.hostId().equals(session.identity().userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only the host invites guests");
            }
            show.invite(invite.userId());
            session.send(new ServerMessage.ShowInvited(invite.id(), invite.roomId(), invite.userId()));
        } else if (message instanceof ClientMessage.ShowList list) {
            session.send(new ServerMessage.ShowListing(list.id(), cluster.shows(shows.list())));
        } else if (message instanceof ClientMessage.RoomJoin join) {
            Optional<Show> here = shows.find(join.roomId());
            if (here.isPresent()) {
                here.get().join(session, join.id(), limits.maxRoomsPerSession());
            } else if (!shows.joinElsewhere(session, join, limits.maxRoomsPerSession())) {
                throw notLive(join.roomId());
            }
        } else if (message instanceof ClientMessage.RoomLeave leave) {
            inShow(session, leave.roomId(), leave, show -> show.leave(session, leave.id()));
        } else if (message instanceof ClientMessage.ChatSend chat) {
            inShow(session, chat.roomId(), chat, show -> show.chat(session, chat.id(), chat.text()));
        } else if (message instanceof ClientMessage.RoomMembers members) {
            inShow(session, members.roomId(), members,
                    show -> show.members(session, members.id(), members.cursor(), members.limit()));
        } else if (message instanceof ClientMessage.RoomModerate moderate) {
            inShow(session, moderate.roomId(), moderate,
                    show -> show.moderate(session, moderate.id(), moderate.userId(), moderate.action()));
        } else if (message instanceof ClientMessage.RoomSettings settings) {
            inShow(session, settings.roomId(), settings,
                    show -> show.settings(session, settings.id(), settings.slowModeSeconds(), settings.bannedWords()));
        } else if (message instanceof ClientMessage.RoomPin pin) {
            inShow(session, pin.roomId(), pin, show -> show.pin(session, pin.id(), pin.text()));
        } else if (message instanceof ClientMessage.LikeSend like) {
            inShow(session, like.roomId(), like, show -> show.like(session, like.id()));
        } else if (message instanceof ClientMessage.UserBlock block) {
            if (block.userId().equals(session.identity().userId())) {
                throw ProtocolException.badRequest("you cannot block yourself");
            }
            if (block.blocked()) {
                if (session.blocked().size() >= MAX_BLOCKED && !session.blocked().contains(block.userId())) {
                    throw new ProtocolException(ErrorCode.CONFLICT, "at most " + MAX_BLOCKED + " users can be blocked");
                }
                session.blocked().add(block.userId());
            } else {
                session.blocked().remove(block.userId());
            }
            session.send(new ServerMessage.UserBlocked(block.id(), block.userId(), block.blocked()));
        } else if (message instanceof ClientMessage.ReportSend report) {
            inShow(session, report.roomId(), report,
                    show -> show.report(session, report.id(), report.messageId(), report.reason()));
        } else if (message instanceof ClientMessage.GiftCatalog catalog) {
            session.send(new ServerMessage.GiftCatalog(catalog.id(), gifts.catalog().stream()
                    .map(g -> new ServerMessage.GiftItem(g.giftId(), g.name(), g.price(), g.animation())).toList()));
        } else if (message instanceof ClientMessage.WalletBalance balance) {
            reply(session, balance.id(), gifts.wallet(session.identity().userId()),
                    wallet -> new ServerMessage.Wallet(balance.id(), wallet.balance(), wallet.earnings()));
        } else if (message instanceof ClientMessage.GiftSend send) {
            sendGift(session, send);
        } else if (message instanceof ClientMessage.MediaPublish publish) {
            if (calls.forwardsMedia(session, publish.roomId(), publish) || publishesElsewhere(session, publish.roomId(), publish)) {
                return;
            }
            MediaRoom room = mediaRoom(publish.roomId());
            if (!room.mayPublish(session.identity().userId()) || !room.hasMember(session)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only the room's host, invited guests and call parties publish in it");
            }
            String userId = session.identity().userId();
            reply(session, publish.id(), media.publish(session, publish.roomId(), publish.sdp(),
                    live -> room.publisherChanged(userId, live)),
                    answer -> new ServerMessage.MediaAnswer(publish.id(), publish.roomId(), answer));
        } else if (message instanceof ClientMessage.MediaUnpublish unpublish) {
            if (calls.forwardsMedia(session, unpublish.roomId(), unpublish)
                    || publishesElsewhere(session, unpublish.roomId(), unpublish)) {
                return;
            }
            mediaRoom(unpublish.roomId());
            media.unpublish(session, unpublish.roomId());
        } else if (message instanceof ClientMessage.MediaSubscribe subscribe) {
            if (calls.forwardsMedia(session, subscribe.roomId(), subscribe)) {
                return;
            }
            memberOf(subscribe.roomId(), session);
            shows.watching(subscribe.roomId());
            reply(session, subscribe.id(), media.subscribe(session, subscribe.roomId()), offer ->
                    new ServerMessage.MediaOffer(subscribe.id(), subscribe.roomId(), offer.subscriptionId(), offer.sdp()));
        } else if (message instanceof ClientMessage.MediaAnswer answer) {
            if (calls.forwardsSubscription(session, answer.subscriptionId(), answer)) {
                return;
            }
            reply(session, answer.id(), media.answer(session, answer.subscriptionId(), answer.sdp()),
                    done -> new ServerMessage.MediaOk(answer.id(), answer.subscriptionId()));
        } else if (message instanceof ClientMessage.MediaLayer layer) {
            if (calls.forwardsSubscription(session, layer.subscriptionId(), layer)) {
                return;
            }
            media.layer(session, layer.subscriptionId(), layer.layer());
            session.send(new ServerMessage.MediaOk(layer.id(), layer.subscriptionId()));
        } else if (message instanceof ClientMessage.MediaUnsubscribe unsubscribe) {
            if (calls.forwardsSubscription(session, unsubscribe.subscriptionId(), unsubscribe)) {
                return;
            }
            media.unsubscribe(session, unsubscribe.subscriptionId());
        } else if (message instanceof ClientMessage.MediaCandidate candidate) {
            if (calls.forwardsMedia(session, candidate.roomId(), candidate)) {
                return;
            }
            memberOf(candidate.roomId(), session);
            media.candidate(session, candidate.roomId(), candidate.candidate());
        } else if (message instanceof ClientMessage.MediaRestart restart) {
            if (calls.forwardsMedia(session, restart.roomId(), restart)) {
                return;
            }
            memberOf(restart.roomId(), session);
            reply(session, restart.id(), media.restart(session, restart.roomId()), offer ->
                    new ServerMessage.MediaOffer(restart.id(), restart.roomId(), offer.subscriptionId(), offer.sdp()));
        } else if (message instanceof ClientMessage.ConsultantStatus status) {
            if (status.available() && refusedWhileDraining(session, status.id(), "calls")) {
                return;
            }
            calls.status(session, status);
        } else if (message instanceof ClientMessage.ConsultantList list) {
            session.send(new ServerMessage.ConsultantListing(list.id(), cluster.consultants(calls.available())));
        } else if (message instanceof ClientMessage.CallRequest request) {
            if (refusedWhileDraining(session, request.id(), "calls")) {
                return;
            }
            calls.request(session, request);
        } else if (message instanceof ClientMessage.CallAccept accept) {
            calls.accept(session, accept);
        } else if (message instanceof ClientMessage.CallDecline decline) {
            calls.decline(session, decline);
        } else if (message instanceof ClientMessage.CallEnd end) {
            calls.end(session, end);
        } else if (message instanceof ClientMessage.CallResume resume) {
            calls.resume(session, resume);
        } else {
            throw new ProtocolException(ErrorCode.UNAVAILABLE, message.type() + " is not available on this server yet");
        }
    }

    /**
     * Gifts are for verified adults, into a live show they are in, for its host, who must be a verified adult
     * too: earning is a transaction, and transactions are for over-18s only.
     */
    private void sendGift(Session session, ClientMessage.GiftSend send) {
        Identity sender = session.identity();
        if (!sender.adult()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "gifts are for verified adults (18+)");
        }
        GiftRoom show = shows.giftRoom(send.roomId()).orElseThrow(
                () -> ProtocolException.badRequest("room " + send.roomId() + " is not live"));
        if (!show.acceptsGifts()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this show accepts no gifts: its host is not a verified adult");
        }
        if (!show.hasMember(session)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "join room " + send.roomId() + " first");
        }
        if (show.hostId().equals(sender.userId())) {
            throw ProtocolException.badRequest("you cannot send gifts to yourself");
        }
        // The room's queue takes the gift before it is charged: a room or node that cannot keep up refuses here,
        // with nothing charged, instead of accepting a gift it would deliver late or not at all.
        String busy = show.reserveGift();
        if (busy != null) {
            session.sendError(send.id(), ErrorCode.UNAVAILABLE, busy,
                    "this show cannot take more gifts right now; nothing was charged, try again in a moment");
            return;
        }
        CompletionStage<GiftBridge.Receipt> sent;
        try {
            sent = gifts.send(new GiftBridge.Order(send.roomId(), sender.userId(), sender.name(),
                    show.hostId(), send.giftId(), send.count(), send.key()));
        } catch (RuntimeException e) {
            show.giftSettled();
            throw e;
        }
        sent.whenComplete((receipt, failure) -> show.giftSettled());
        reply(session, send.id(), sent, receipt -> new ServerMessage.GiftSent(send.id(), receipt.txId(), receipt.balance()));
    }

    private void memberOf(String roomId, Session session) {
        if (!mediaRoom(roomId).hasMember(session)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "join room " + roomId + " first");
        }
    }

    /** A live show, or a paid call's private room. */
    private MediaRoom mediaRoom(String roomId) {
        Optional<? extends MediaRoom> room = shows.find(roomId);
        if (room.isEmpty()) {
            room = calls.room(roomId);
        }
        if (room.isEmpty()) {
            room = shows.edge(roomId);
        }
        if (room.isEmpty() && cluster.nodeOf(roomId).isPresent()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "join room " + roomId + " first");
        }
        return room.orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no live show or call " + roomId));
    }

    /**
     * Publishing in a show hosted on another node (its host reconnected here, or an invited guest): the show's
     * node answers it, and the publisher's media goes there. False when the room is this node's or unknown.
     */
    private boolean publishesElsewhere(Session session, String roomId, ClientMessage request) {
        return shows.find(roomId).isEmpty() && calls.room(roomId).isEmpty()
                && shows.forwardElsewhere(session, roomId, request);
    }

    /**
     * A request about a show: its show answers it when the show is hosted here, the show's node when this node
     * follows it for the session (the session joined it here), else it is not live anywhere this node knows.
     * Chat and likes are counted against the user's allowance here either way.
     */
    private void inShow(Session session, String roomId, ClientMessage request, Consumer<Show> here) {
        if (request instanceof ClientMessage.ChatSend && !chatLimiter.tryAcquire(session.identity().userId())) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many chat messages; slow down");
        }
        if (request instanceof ClientMessage.LikeSend && !likeLimiter.tryAcquire(session.identity().userId())) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many likes; slow down");
        }
        Optional<Show> show = shows.find(roomId);
        if (show.isPresent()) {
            here.accept(show.get());
        } else if (!shows.forwardElsewhere(session, roomId, request)) {
            if (cluster.nodeOf(roomId).isPresent()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "join room " + roomId + " first");
            }
            throw notLive(roomId);
        }
    }

    /** The session's connection closed: leave every room it was in; it no longer counts against its user's cap. */
    public void disconnected(Session session) {
        if (session.isAuthenticated()) {
            caps.releaseUser(session.identity().userId());
        }
        calls.sessionGone(session);
        for (Room room : session.rooms()) {
            room.memberGone(session);
        }
    }

    /**
     * {@code auth}: verifies the token (a bad one throws {@link ProtocolException} at once), then asks the
     * moderation store whether the platform banned the user from the service, and signs the session in
     * until its token expires. The stage completes on the session's event loop once that is decided; the
     * connection holds the client's next requests until then. A banned user gets {@code error forbidden}
     * (reason {@code banned}) and close 4003; the stage fails with the {@link ProtocolException} to send when
     * the user is at {@code limits.maxConnectionsPerUser} ({@code rate_limited}, then close 4029). With the
     * store unreachable the user is let in, as show bans are: sign-in must survive a Redis outage.
     */
    public CompletionStage<Void> admit(Session session, ClientMessage.Auth auth) {
        VerifiedToken token = tokens.verify(auth.token());
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        moderation.isServerBanned(token.identity().userId()).whenComplete((banned, failure) -> session.eventLoop().execute(() -> {
            try {
                if (session.isClosing()) {
                    admitted.complete(null);
                } else if (failure == null && Boolean.TRUE.equals(banned)) {
                    session.sendError(auth.id(), ErrorCode.FORBIDDEN, Session.REASON_BANNED,
                            "this account is banned from the service");
                    session.close(Session.CLOSE_REMOVED, Session.REASON_BANNED);
                    admitted.complete(null);
                } else {
                    authenticate(session, auth, token);
                    admitted.complete(null);
                }
            } catch (RuntimeException e) {
                admitted.completeExceptionally(e);
            }
        }));
        return admitted;
    }

    /**
     * Signs the session in until its token expires. A user at {@code limits.maxConnectionsPerUser}
     * is refused ({@code rate_limited}; the connection then closes with 4029).
     */
    private void authenticate(Session session, ClientMessage.Auth auth, VerifiedToken token) {
        Identity identity = token.identity();
        if (!caps.admitUser(identity.userId())) {
            metrics.connectionRefused(SignalingMetrics.REFUSED_USER);
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "this user already has " + caps.maxPerUser()
                    + " connections, the most this server allows; close one and retry");
        }
        session.authenticate(identity);
        session.readsBatches(auth.batch());
        session.expiresIn(token.validFor());
        session.send(new ServerMessage.Welcome(auth.id(), session.id(), identity.userId(), identity.name(),
                identity.roleNames(), identity.adult(), iceServers.forUser(identity.userId()), System.currentTimeMillis(),
                token.expiresAt().toEpochMilli(), Versions.PROTOCOL, Versions.server(), clientSettings));
    }

    /**
     * {@code auth.refresh}: a fresh token of the same user replaces the session's in place (roles,
     * {@code adult}, name and rate re-read; the expiry moves). A refused token changes nothing: the
     * connection carries on with its current token until that one expires.
     */
    private void refresh(Session session, ClientMessage.AuthRefresh refresh) {
        VerifiedToken token = tokens.verify(refresh.token());
        Identity fresh = token.identity();
        if (!fresh.userId().equals(session.identity().userId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN,
                    "the token is for another user; a connection keeps the user it signed in as");
        }
        session.refresh(fresh);
        session.expiresIn(token.validFor());
        calls.identityRefreshed(session);
        metrics.tokenRefreshed();
        session.send(new ServerMessage.AuthRefreshed(refresh.id(), fresh.userId(), fresh.name(), fresh.roleNames(),
                fresh.adult(), System.currentTimeMillis(), token.expiresAt().toEpochMilli()));
    }

    /** While the node drains, new shows and calls are refused: {@code unavailable}, reason {@code draining}. */
    private boolean refusedWhileDraining(Session session, JsonNode requestId, String what) {
        if (!drain.draining()) {
            return false;
        }
        session.sendError(requestId, ErrorCode.UNAVAILABLE, NodeDrain.REASON, NodeDrain.refusal(what));
        return true;
    }

    private Show show(String roomId) {
        return shows.find(roomId).orElseThrow(() -> notLive(roomId));
    }

    private ProtocolException notLive(String roomId) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no live show " + roomId);
    }

    private static void require(Session session, Role role, String action) {
        if (!session.identity().has(role)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "role '" + role.wire() + "' is needed to " + action);
        }
    }
}

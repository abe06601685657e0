package io.livestage.signaling.dispatch;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenVerifier;
import io.livestage.signaling.config.IceServerConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.ratelimit.UserRateLimiter;
import io.livestage.signaling.session.Room;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.show.Show;
import io.livestage.signaling.show.ShowDirectory;
import java.util.List;

/**
 * Carries out one decoded request for a session. Runs on the session's event loop; room
 * state changes hop onto the room's executor inside {@link Show}.
 */
public final class Dispatcher {
    private final TokenVerifier tokens;
    private final ShowDirectory shows;
    private final UserRateLimiter chatLimiter;
    private final LimitsConfig limits;
    private final List<ServerMessage.IceServer> iceServers;

    public Dispatcher(TokenVerifier tokens, ShowDirectory shows, UserRateLimiter chatLimiter, LimitsConfig limits,
                      List<IceServerConfig> iceServers) {
        this.tokens = tokens;
        this.shows = shows;
        this.chatLimiter = chatLimiter;
        this.limits = limits;
        this.iceServers = iceServers.stream()
                .map(s -> new ServerMessage.IceServer(s.urls(), s.username(), s.credential())).toList();
    }

    /** Handles the request or throws {@link ProtocolException} for the error to send. */
    public void dispatch(Session session, ClientMessage message) {
        if (!session.isAuthenticated()) {
            if (!(message instanceof ClientMessage.Auth auth)) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the first message must be auth");
            }
            authenticate(session, auth);
            return;
        }
        if (message instanceof ClientMessage.Auth) {
            throw new ProtocolException(ErrorCode.CONFLICT, "already authenticated");
        } else if (message instanceof ClientMessage.Ping ping) {
            session.send(new ServerMessage.Pong(ping.id(), System.currentTimeMillis()));
        } else if (message instanceof ClientMessage.ShowStart start) {
            require(session, Role.CREATOR, "start a show");
            Show show = shows.start(session, start.title());
            session.send(new ServerMessage.ShowStarted(start.id(), show.roomId()));
        } else if (message instanceof ClientMessage.ShowEnd end) {
            Show show = show(end.roomId());
            if (!show.hostId().equals(session.identity().userId())) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only the host can end the show");
            }
            show.endByHost(session, end.id());
        } else if (message instanceof ClientMessage.ShowList list) {
            session.send(new ServerMessage.ShowListing(list.id(), shows.list()));
        } else if (message instanceof ClientMessage.RoomJoin join) {
            show(join.roomId()).join(session, join.id(), limits.maxRoomsPerSession());
        } else if (message instanceof ClientMessage.RoomLeave leave) {
            show(leave.roomId()).leave(session, leave.id());
        } else if (message instanceof ClientMessage.ChatSend chat) {
            Show show = show(chat.roomId());
            if (!chatLimiter.tryAcquire(session.identity().userId())) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many chat messages; slow down");
            }
            show.chat(session, chat.id(), chat.text());
        } else {
            throw new ProtocolException(ErrorCode.UNAVAILABLE, message.type() + " is not available on this server yet");
        }
    }

    /** The session's connection closed: leave every room it was in. */
    public void disconnected(Session session) {
        for (Room room : session.rooms()) {
            room.memberGone(session);
        }
    }

    private void authenticate(Session session, ClientMessage.Auth auth) {
        Identity identity = tokens.verify(auth.token());
        session.authenticate(identity);
        session.send(new ServerMessage.Welcome(auth.id(), session.id(), identity.userId(), identity.name(),
                identity.roleNames(), identity.adult(), iceServers, System.currentTimeMillis()));
    }

    private Show show(String roomId) {
        return shows.find(roomId).orElseThrow(
                () -> new ProtocolException(ErrorCode.NOT_FOUND, "no live show " + roomId));
    }

    private static void require(Session session, Role role, String action) {
        if (!session.identity().has(role)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "role '" + role.wire() + "' is needed to " + action);
        }
    }
}

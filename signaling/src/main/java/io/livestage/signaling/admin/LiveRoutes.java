package io.livestage.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.Fields;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.show.Show;
import io.livestage.signaling.show.ShowDirectory;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What is live on this node and the platform's moderation of it: list shows and calls, end a show,
 * remove or ban a user from a show (bans recorded through the {@link ModerationStore}, as a host's are)
 * or from the whole service (their connections close with 4003 and the reason).
 */
public final class LiveRoutes {
    private static final int MAX_ID_CHARS = 64;

    private final ShowDirectory shows;
    private final Consultations calls;
    private final Function<String, List<Session>> sessionsOf;
    private final ModerationStore moderation;

    /** {@code sessionsOf} gives the signed-in connections of a user on this node. */
    public LiveRoutes(ShowDirectory shows, Consultations calls, Function<String, List<Session>> sessionsOf,
                      ModerationStore moderation) {
        this.shows = shows;
        this.calls = calls;
        this.sessionsOf = sessionsOf;
        this.moderation = moderation;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(HttpMethod.GET, "/api/shows", (params, body) ->
                        done(ApiAnswer.ok(Map.of("shows", shows.list())))),
                new ApiRoute(HttpMethod.POST, "/api/shows/{roomId}/end", (params, body) -> endShow(params.get("roomId"))),
                new ApiRoute(HttpMethod.POST, "/api/shows/{roomId}/remove", (params, body) ->
                        putOut(params.get("roomId"), userIn(body), false)),
                new ApiRoute(HttpMethod.POST, "/api/shows/{roomId}/ban", (params, body) ->
                        putOut(params.get("roomId"), userIn(body), true)),
                new ApiRoute(HttpMethod.GET, "/api/calls", (params, body) ->
                        done(ApiAnswer.ok(Map.of("calls", calls.summaries())))),
                new ApiRoute(HttpMethod.POST, "/api/users/{userId}/remove", (params, body) ->
                        removeUser(id(params.get("userId")))),
                new ApiRoute(HttpMethod.POST, "/api/users/{userId}/ban", (params, body) ->
                        banUser(id(params.get("userId")), true)),
                new ApiRoute(HttpMethod.POST, "/api/users/{userId}/unban", (params, body) ->
                        banUser(id(params.get("userId")), false)));
    }

    private CompletionStage<ApiAnswer> endShow(String roomId) {
        Show show = show(roomId);
        CompletableFuture<ApiAnswer> answer = new CompletableFuture<>();
        show.end(Show.PLATFORM_ENDED).addListener(told -> answer.complete(ApiAnswer.ok(
                Map.of("roomId", roomId, "reason", Show.PLATFORM_ENDED))));
        return answer;
    }

    private CompletionStage<ApiAnswer> putOut(String roomId, String userId, boolean ban) {
        return show(roomId).putOutByPlatform(userId, ban).thenApply(connections -> {
            if (!ban && connections == 0) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "user " + userId + " is not in show " + roomId);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("roomId", roomId);
            body.put("userId", userId);
            body.put("action", ban ? "ban" : "remove");
            body.put("connections", connections);
            return ApiAnswer.ok(body);
        });
    }

    /** Closes the user's connections on this node; a user with none here is {@code not_found}. */
    private CompletionStage<ApiAnswer> removeUser(String userId) {
        int closed = close(userId, Session.REASON_REMOVED);
        if (closed == 0) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "user " + userId + " has no connection on this node");
        }
        return done(ApiAnswer.ok(Map.of("userId", userId, "connections", closed)));
    }

    /** Records the ban first (so the user cannot sign in again meanwhile), then closes their connections. */
    private CompletionStage<ApiAnswer> banUser(String userId, boolean ban) {
        return moderation.setServerBanned(userId, ban).handle((done, failure) -> {
            if (failure != null) {
                throw new ProtocolException(ErrorCode.UNAVAILABLE, "cannot record the ban right now; try again");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", userId);
            body.put("banned", ban);
            body.put("connections", ban ? close(userId, Session.REASON_BANNED) : 0);
            return ApiAnswer.ok(body);
        });
    }

    private int close(String userId, String reason) {
        List<Session> open = sessionsOf.apply(userId);
        for (Session session : open) {
            session.executor().execute(() -> session.close(Session.CLOSE_REMOVED, reason));
        }
        return open.size();
    }

    private Show show(String roomId) {
        return shows.find(roomId).orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no live show " + roomId));
    }

    private static String userIn(JsonNode body) {
        return new Fields(body).text("userId", MAX_ID_CHARS);
    }

    private static String id(String userId) {
        if (userId.codePointCount(0, userId.length()) > MAX_ID_CHARS) {
            throw ProtocolException.badRequest("userId must be at most " + MAX_ID_CHARS + " characters");
        }
        return userId;
    }

    private static CompletionStage<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}

package io.livestage.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.cluster.NodeControl;
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
import java.util.function.ToIntBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is live on this node and the platform's moderation of it: list shows and calls, end a show,
 * remove or ban a user from a show (bans recorded through the {@link ModerationStore}, as a host's are)
 * or from the whole service (their connections close with 4003 and the reason, on every node).
 */
public final class LiveRoutes {
    private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);
    private static final int MAX_ID_CHARS = 64;

    private final ShowDirectory shows;
    private final Consultations calls;
    private final ToIntBiFunction<String, String> putOutHere;
    private final ModerationStore moderation;
    private final NodeControl node;

    /**
     * {@code putOutHere} closes the user's connections on this node with 4003 and the reason, and says how
     * many there were.
     */
    public LiveRoutes(ShowDirectory shows, Consultations calls, ToIntBiFunction<String, String> putOutHere,
                      ModerationStore moderation, NodeControl node) {
        this.node = node;
        this.shows = shows;
        this.calls = calls;
        this.putOutHere = putOutHere;
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
                        banUser(id(params.get("userId")), false)),
                new ApiRoute(HttpMethod.POST, "/api/node/drain", (params, body) -> done(ApiAnswer.ok(node.drain()))),
                new ApiRoute(HttpMethod.GET, "/api/nodes", (params, body) ->
                        done(ApiAnswer.ok(Map.of("nodes", node.nodes())))));
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

    /**
     * Closes the user's connections: on this node at once (counted in the answer), on the others through
     * the moderation store's announcement. Whether the user exists is the platform's to know, so no 404.
     */
    private CompletionStage<ApiAnswer> removeUser(String userId) {
        int closed = putOutEverywhere(userId, Session.REASON_REMOVED);
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
            body.put("connections", ban ? putOutEverywhere(userId, Session.REASON_BANNED) : 0);
            return ApiAnswer.ok(body);
        });
    }

    /** This node's connections of the user closed now; the announcement for the other nodes is best effort. */
    private int putOutEverywhere(String userId, String reason) {
        int here = putOutHere.applyAsInt(userId, reason);
        moderation.putOutEverywhere(userId, reason).whenComplete((done, failure) -> {
            if (failure != null) {
                log.warn("could not tell the other nodes to close a user's connections ({}): {}", reason, failure.toString());
            }
        });
        return here;
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

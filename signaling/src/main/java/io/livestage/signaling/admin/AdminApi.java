package io.livestage.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server API for the platform's backend ({@code /api/...}, described in {@code docs/openapi.yaml}):
 * every request presents the service key; bodies are JSON objects of at most {@link #MAX_BODY_BYTES};
 * every answer is JSON, errors typed as {@link ApiAnswer#error}. Transport-free: the HTTP server hands
 * each request to {@link #handle} and writes what it answers.
 */
public final class AdminApi {
    public static final String PREFIX = "/api/";
    /** Every request of this API is a few ids; anything longer is a mistake or an attack. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final ServiceKey key;
    private final ObjectMapper json;
    private final List<ApiRoute> routes;

    /**
     * @param devRoutes the dev-mode routes ({@code POST /api/dev/token}), or null outside dev mode, when they
     *                  do not exist
     */
    public AdminApi(ServiceKey key, ObjectMapper json, LiveRoutes live, WalletRoutes wallets, DevRoutes devRoutes) {
        this(key, json, all(live, wallets, devRoutes));
    }

    AdminApi(ServiceKey key, ObjectMapper json, List<ApiRoute> routes) {
        this.key = key;
        this.json = json;
        this.routes = List.copyOf(routes);
    }

    private static List<ApiRoute> all(LiveRoutes live, WalletRoutes wallets, DevRoutes devRoutes) {
        List<ApiRoute> all = new ArrayList<>(live.routes());
        all.addAll(wallets.routes());
        if (devRoutes != null) {
            all.addAll(devRoutes.routes());
        }
        return all;
    }

    /** Every route this server answers, for the document that describes them. */
    public List<ApiRoute> routes() {
        return routes;
    }

    public static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    /**
     * Answers one request; never throws and always completes, a handler's bug included. The key is checked
     * first, so nothing (not even which routes exist) is told to a caller without it.
     */
    public CompletionStage<ApiAnswer> handle(HttpMethod method, String path, String authorization, byte[] body) {
        if (!key.accepts(authorization)) {
            return done(ApiAnswer.error(HttpResponseStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED.wire(),
                    "a valid service key is required (Authorization: Bearer <auth.serviceKey>)"));
        }
        boolean pathKnown = false;
        for (ApiRoute route : routes) {
            Map<String, String> params = route.match(path);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                return run(route, params, body);
            }
        }
        return done(pathKnown
                ? ApiAnswer.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", method + " is not served at " + path)
                : ApiAnswer.error(HttpResponseStatus.NOT_FOUND, ErrorCode.NOT_FOUND.wire(), "no such endpoint " + path));
    }

    private CompletionStage<ApiAnswer> run(ApiRoute route, Map<String, String> params, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return done(ApiAnswer.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "the body may be at most " + MAX_BODY_BYTES + " bytes"));
        }
        JsonNode parsed;
        try {
            parsed = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return done(ApiAnswer.error(HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST.wire(), "malformed JSON"));
        }
        if (parsed == null || !parsed.isObject()) {
            return done(ApiAnswer.error(HttpResponseStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST.wire(),
                    "the body must be a JSON object"));
        }
        try {
            return route.handler().handle(params, parsed).handle((answer, failure) ->
                    failure == null && answer != null ? answer : ApiAnswer.failure(failure == null
                            ? new IllegalStateException("a server API handler answered nothing") : failure));
        } catch (RuntimeException e) {
            return done(ApiAnswer.failure(e));
        }
    }

    private static CompletionStage<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}

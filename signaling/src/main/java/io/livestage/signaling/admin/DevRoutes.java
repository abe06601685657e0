package io.livestage.signaling.admin;

import io.livestage.signaling.auth.DevTokens;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Dev mode only (the same gate as {@code POST /dev/token}: dev mode with the dev secret): a token for any
 * user, so a platform's tests can sign in users of their own making. Outside dev mode the route is not
 * registered at all and answers 404.
 */
public final class DevRoutes {
    private final DevTokens tokens;

    public DevRoutes(DevTokens tokens) {
        this.tokens = tokens;
    }

    List<ApiRoute> routes() {
        return List.of(new ApiRoute(HttpMethod.POST, "/api/dev/token", (params, body) ->
                CompletableFuture.completedFuture(ApiAnswer.ok(Map.of("token", tokens.issue(body))))));
    }
}

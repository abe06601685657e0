package io.livestage.signaling.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The server API's own rules, before any route runs: the key, routing, bodies and typed errors. */
class AdminApiTest {
    private static final String KEY = "a-service-key-of-the-platform";
    private static final String BEARER = "Bearer " + KEY;

    private final AdminApi api = new AdminApi(new ServiceKey(KEY), new ObjectMapper(), List.of(
            new ApiRoute(HttpMethod.GET, "/api/things/{id}", (params, body) ->
                    CompletableFuture.completedFuture(ApiAnswer.ok(Map.of("id", params.get("id"))))),
            new ApiRoute(HttpMethod.POST, "/api/things/{id}/echo", (params, body) ->
                    CompletableFuture.completedFuture(ApiAnswer.ok(body))),
            new ApiRoute(HttpMethod.POST, "/api/missing", (params, body) -> {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no such thing");
            }),
            new ApiRoute(HttpMethod.POST, "/api/bug", (params, body) ->
                    CompletableFuture.failedFuture(new IllegalStateException("secret detail")))));

    private ApiAnswer call(HttpMethod method, String path, String authorization, String body) {
        return api.handle(method, path, authorization, body.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
    }

    private static Object code(ApiAnswer answer) {
        return ((Map<?, ?>) answer.body()).get("error");
    }

    @Test
    void everyRequestNeedsTheServiceKeyBeforeAnythingIsTold() {
        for (String wrong : new String[] {null, "", KEY, "Bearer ", "Bearer " + KEY + "x", "bearer " + KEY, "Basic " + KEY}) {
            ApiAnswer refused = call(HttpMethod.GET, "/api/things/1", wrong, "");
            assertEquals(HttpResponseStatus.UNAUTHORIZED, refused.status(), "with " + wrong);
            assertEquals("unauthorized", code(refused));
        }
        // Unknown paths too: without the key nobody learns which routes exist.
        assertEquals(HttpResponseStatus.UNAUTHORIZED, call(HttpMethod.GET, "/api/nothing", null, "").status());
        assertEquals(HttpResponseStatus.OK, call(HttpMethod.GET, "/api/things/1", BEARER, "").status());
    }

    @Test
    void routesMatchTemplatesAndDecodeSegments() {
        assertEquals(Map.of("id", "a b:c"), call(HttpMethod.GET, "/api/things/a%20b%3Ac", BEARER, "").body());
        assertEquals(Map.of("id", "x+y"), call(HttpMethod.GET, "/api/things/x+y", BEARER, "").body());
        ApiAnswer unknown = call(HttpMethod.GET, "/api/things/1/more", BEARER, "");
        assertEquals(HttpResponseStatus.NOT_FOUND, unknown.status());
        assertEquals("not_found", code(unknown));
        assertEquals(HttpResponseStatus.NOT_FOUND, call(HttpMethod.GET, "/api/things/", BEARER, "").status());
        ApiAnswer wrongMethod = call(HttpMethod.DELETE, "/api/things/1", BEARER, "");
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, wrongMethod.status());
        assertEquals("method_not_allowed", code(wrongMethod));
    }

    @Test
    void bodiesAreJsonObjectsOfBoundedSize() {
        assertEquals(Map.of(), new ObjectMapper().convertValue(call(HttpMethod.POST, "/api/things/1/echo", BEARER, "").body(),
                Map.class), "no body is an empty object");
        ApiAnswer malformed = call(HttpMethod.POST, "/api/things/1/echo", BEARER, "{\"a\":");
        assertEquals(HttpResponseStatus.BAD_REQUEST, malformed.status());
        assertEquals("bad_request", code(malformed));
        assertEquals(HttpResponseStatus.BAD_REQUEST, call(HttpMethod.POST, "/api/things/1/echo", BEARER, "[1]").status());
        String big = "{\"a\":\"" + "x".repeat(AdminApi.MAX_BODY_BYTES) + "\"}";
        ApiAnswer tooLarge = call(HttpMethod.POST, "/api/things/1/echo", BEARER, big);
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge.status());
        assertEquals("too_large", code(tooLarge));
    }

    @Test
    void failuresAreTypedAndBugsTellNothing() {
        ApiAnswer missing = call(HttpMethod.POST, "/api/missing", BEARER, "{}");
        assertEquals(HttpResponseStatus.NOT_FOUND, missing.status());
        assertEquals(Map.of("error", "not_found", "message", "no such thing"), missing.body());
        ApiAnswer bug = call(HttpMethod.POST, "/api/bug", BEARER, "{}");
        assertEquals(HttpResponseStatus.INTERNAL_SERVER_ERROR, bug.status());
        assertEquals(Map.of("error", "internal", "message", "internal error"), bug.body());
    }

    @Test
    void theKeyIsComparedWholeAndNeverShown() {
        ServiceKey key = new ServiceKey(KEY);
        assertTrue(key.accepts(BEARER));
        assertFalse(key.accepts(BEARER.substring(0, BEARER.length() - 1)));
        assertFalse(key.toString().contains(KEY));
        assertTrue(AdminApi.handles("/api/shows"));
        assertFalse(AdminApi.handles("/apix"));
        assertNull(new ApiRoute(HttpMethod.GET, "/api/a/{b}", null).match("/api/a/%zz"), "a bad escape matches nothing");
    }
}

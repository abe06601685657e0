package io.livestage.server.chaos;

import io.livestage.server.LiveStageServer;
import io.livestage.testsupport.OwnedRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** What the chaos tests share: the server's settings over an owned Redis, readiness, dev credits. */
final class ChaosSupport {
    static final String PREFIX = "chaos";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChaosSupport() {
    }

    /** The server on the owned Redis, with request limits high enough that retries are never rate-limited. */
    static Map<String, String> settings(OwnedRedis redis) {
        Map<String, String> env = new HashMap<>();
        env.put("LIVESTAGE_REDIS_URI", redis.uri());
        env.put("LIVESTAGE_GIFTS_KEY_PREFIX", PREFIX);
        env.put("LIVESTAGE_GIFTS_COMMAND_TIMEOUT_MS", "1000");
        env.put("LIVESTAGE_LIMITS_MESSAGES_PER_SECOND", "1000");
        env.put("LIVESTAGE_LIMITS_MESSAGE_BURST", "1000");
        return env;
    }

    /** Waits for {@code /ready}: Redis answers the server. */
    static void awaitReady(LiveStageServer server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never became ready");
            }
            Thread.sleep(50);
        }
    }

    /** Dev-mode coins for a user, before any fault is made. */
    static void credit(LiveStageServer server, String userId, long coins) throws IOException, InterruptedException {
        HttpResponse<String> credited = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/dev/credit"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\",\"coins\":" + coins + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (credited.statusCode() != 200) {
            throw new AssertionError("credit of " + userId + " failed: " + credited.body());
        }
    }

    /** A wallet field as Redis holds it (0 when absent). */
    static long wallet(OwnedRedis redis, String userId, String field) {
        String value = redis.hash(PREFIX + ":wallet:" + userId).get(field);
        return value == null ? 0 : Long.parseLong(value);
    }
}

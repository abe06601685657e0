package io.livestage.loadtest.calls;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.livestage.loadtest.LoopbackServer;
import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import io.livestage.server.LiveStageServer;
import io.livestage.server.config.ConfigLoader;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.call.ManualCallClock;
import io.livestage.signaling.config.AuthConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real server on loopback, its wallets in the real Redis under a key prefix of its own, and
 * paid calls timed by a {@link ManualCallClock}: a test passes minutes, ring timeouts and grace
 * periods with {@link #advance}. Call parties are Java clients with real WebRTC media.
 */
final class CallHarness implements AutoCloseable {
    static final long MINUTE_MS = 60_000;
    static final long RING_TIMEOUT_MS = 30_000;
    static final long GRACE_MS = 30_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String REDIS = "redis://127.0.0.1:6379";

    final String prefix = "livestage-calltest-" + UUID.randomUUID();
    final String run = prefix.substring(prefix.length() - 8);
    final ManualCallClock clock = new ManualCallClock(1_000_000);
    private final TokenIssuer tokens = new TokenIssuer(AuthConfig.DEV_SECRET, Clock.systemUTC());
    private final SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
    private final List<CallParty> parties = new ArrayList<>();
    private final RedisClient redisClient = RedisClient.create(REDIS);
    private final StatefulRedisConnection<String, String> redisConnection = redisClient.connect();
    final RedisCommands<String, String> redis = redisConnection.sync();
    private WebRtcPeerGroup peers;
    private LiveStageServer server;

    CallHarness() {
        server = startServer();
    }

    private LiveStageServer startServer() {
        Map<String, String> env = new HashMap<>(LoopbackServer.LOOPBACK);
        env.put("LIVESTAGE_REDIS_URI", REDIS);
        env.put("LIVESTAGE_GIFTS_KEY_PREFIX", prefix);
        env.put("LIVESTAGE_CALLS_MINUTE_MS", Long.toString(MINUTE_MS));
        env.put("LIVESTAGE_CALLS_RING_TIMEOUT_MS", Long.toString(RING_TIMEOUT_MS));
        env.put("LIVESTAGE_CALLS_GRACE_MS", Long.toString(GRACE_MS));
        env.put("LIVESTAGE_CALLS_MAX_RATE", "1000");
        return LiveStageServer.start(ConfigLoader.load(null, env), clock);
    }

    /** Stops the server (calls end with server_shutdown) and starts a new one on the same Redis. */
    void restartServer() {
        server.close();
        server = startServer();
    }

    LiveStageServer server() {
        return server;
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws");
    }

    String user(String name) {
        return name + "-" + run;
    }

    String token(String userId, boolean adult, Long rate, Role... roles) {
        return tokens.issue(new Identity(userId, "Name " + userId, Set.of(roles), adult, rate), Duration.ofMinutes(10));
    }

    CallParty connect(String userId, boolean adult, Long rate, Role... roles) throws Exception {
        CallParty party = CallParty.connect(connector, url(), token(userId, adult, rate, roles), TIMEOUT, null)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        parties.add(party);
        return party;
    }

    /** A consultant at {@code rate} coins a minute, available. */
    CallParty consultant(String name, long rate) throws Exception {
        CallParty consultant = connect(user(name), true, rate, Role.CONSULTANT);
        consultant.request("consultant.status", "available", true).get(10, TimeUnit.SECONDS);
        return consultant;
    }

    /** An adult viewer whose wallet holds {@code coins}. */
    CallParty caller(String name, long coins) throws Exception {
        CallParty caller = connect(user(name), true, null, Role.VIEWER);
        if (coins > 0) {
            credit(caller.userId(), coins);
        }
        return caller;
    }

    /** A call that rang and was accepted: both parties got {@code call.started}. */
    record Call(String callId, String roomId) {}

    /** The caller calls; the id once the consultant's connection was rung. */
    static String ring(CallParty caller, CallParty consultant) throws Exception {
        String callId = caller.request("call.request", "consultantId", consultant.userId())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).path("callId").asText();
        consultant.next("call.incoming");
        return callId;
    }

    /** The caller calls and the consultant accepts; the caller's call.billing events are left to the test. */
    static Call call(CallParty caller, CallParty consultant) throws Exception {
        String callId = ring(caller, consultant);
        String roomId = consultant.request("call.accept", "callId", callId).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .path("roomId").asText();
        caller.next("call.started");
        return new Call(callId, roomId);
    }

    WebRtcPeerGroup peers() {
        if (peers == null) {
            peers = new WebRtcPeerGroup(2);
        }
        return peers;
    }

    void advance(long millis) {
        clock.advance(millis);
    }

    void credit(String userId, long coins) throws IOException, InterruptedException {
        String body = "{\"userId\":\"" + userId + "\",\"coins\":" + coins + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/dev/credit"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("credit failed: " + response.statusCode() + " " + response.body());
        }
    }

    long balance(String userId) {
        String value = redis.hget(prefix + ":wallet:" + userId, "balance");
        return value == null ? 0 : Long.parseLong(value);
    }

    long earnings(String userId) {
        String value = redis.hget(prefix + ":wallet:" + userId, "earnings");
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The call_minute ledger entries of a call, oldest first. */
    List<Map<String, String>> minutesOf(String callId) {
        List<Map<String, String>> minutes = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.xrange(prefix + ":ledger", Range.create("-", "+"))) {
            if ("call_minute".equals(entry.getBody().get("kind")) && callId.equals(entry.getBody().get("call"))) {
                minutes.add(entry.getBody());
            }
        }
        return minutes;
    }

    /** Every key of this run, without the prefix. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(500));
            page.getKeys().forEach(key -> keys.add(key.substring(prefix.length() + 1)));
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** A series of the server's {@code /metrics}, summed over its labels. */
    double metric(String series) throws IOException, InterruptedException {
        return LoopbackServer.metric(server, series);
    }

    @Override
    public void close() {
        for (CallParty party : parties) {
            party.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(failure -> null).join();
        }
        if (peers != null) {
            peers.close();
        }
        connector.close();
        server.close();
        List<String> keys = keys();
        if (!keys.isEmpty()) {
            redis.unlink(keys.stream().map(key -> prefix + ":" + key).toArray(String[]::new));
        }
        redisConnection.close();
        redisClient.shutdown();
    }
}

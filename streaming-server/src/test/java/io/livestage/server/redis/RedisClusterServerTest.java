package io.livestage.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.livestage.testsupport.RedisClusterNodes;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.server.webhooks.WebhookReceiver;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Two assembled nodes with {@code redis.cluster: true} on a three-shard Redis Cluster the test starts (Debian's
 * redis-server): every Redis user of the server goes through the cluster client (gifts and wallets, bans and
 * reports, the put-out channel, the webhook outbox, the node registry, the bus and the show and call records),
 * and a show across the nodes, a ban, a removal from the service, a paid call across the nodes and their
 * webhooks work as on one Redis, with no CROSSSLOT refusal anywhere (nor any other error reply in the log).
 */
class RedisClusterServerTest {
    private static final String SECRET = "test-webhook-secret-0123456789";
    private static final long MINUTE_MS = 600;
    /** calls.defaultRate, the rate of a consultant whose token carries none. */
    private static final long RATE = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RedisClusterNodes cluster;
    /** Its hash tag's slot is on a shard other than the seed node, so a user that ignored the setting would fail. */
    private static String prefix;

    private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.livestage");
    private final Logger lettuce = (Logger) LoggerFactory.getLogger("io.lettuce");
    private final List<Appender<ILoggingEvent>> console = new ArrayList<>();
    private Level oursBefore;
    private Level lettuceBefore;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterNodes.start(3);
        int seedPort = RedisURI.create(cluster.seedUri()).getPort();
        RedisClusterClient probe = RedisClusterClient.create(cluster.seedUri());
        try {
            probe.refreshPartitions();
            do {
                prefix = "{livestage-test-" + UUID.randomUUID().toString().substring(0, 8) + "}";
            } while (probe.getPartitions().getPartitionBySlot(SlotHash.getSlot(prefix)).getUri().getPort() == seedPort);
        } finally {
            probe.shutdown();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Every line of ours and Lettuce's down to debug (where Redis's error replies and the retries of failed commands
     * show) is kept for the checks, instead of going to the console, which would drown in them.
     */
    @BeforeEach
    void captureLog() {
        oursBefore = ours.getLevel();
        lettuceBefore = lettuce.getLevel();
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        ours.setLevel(Level.DEBUG);
        lettuce.setLevel(Level.DEBUG);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root.detachAppender(log);
        ours.setLevel(oursBefore);
        lettuce.setLevel(lettuceBefore);
        console.forEach(root::addAppender);
        // What the console would have shown (warnings and errors), for a failure's sake.
        log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .forEach(event -> console.forEach(appender -> appender.doAppend(event)));
        receiver.close();
    }

    @Test
    void twoNodesRunShowsBansCallsAndWebhooksOnARedisCluster() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient host = TestClient.as(a, "rc-host", "creator", true);
             TestClient far = TestClient.as(b, "rc-far", "viewer", true);
             TestClient pest = TestClient.as(b, "rc-pest", "viewer", true)) {
            // A show on A with members on B: the registry and the bus carry the join, chat and the gift.
            String roomId = host.request(TestClient.message("show.start").put("title", "Sharded")).path("roomId").asText();
            far.awaitListed(roomId);
            JsonNode joined = far.request(join(roomId));
            assertEquals("room.joined", joined.path("type").asText(), joined.toString());
            assertEquals("rc-host", joined.path("hostId").asText());
            assertEquals("room.joined", pest.request(join(roomId)).path("type").asText());
            chat(host, roomId, "hello from A");
            chat(far, roomId, "hello from B");
            settle();
            assertEquals(List.of("hello from B"), texts(host));
            assertEquals(List.of("hello from A"), texts(far), "the sender on B gets its own message as the reply only");

            TestServers.credit(b.httpPort(), "rc-far", 100);
            JsonNode sent = far.request(TestClient.message("gift.send").put("roomId", roomId).put("giftId", "heart")
                    .put("count", 2).put("key", "g1"));
            assertEquals("gift.sent", sent.path("type").asText(), sent.toString());
            assertEquals(90, sent.path("balance").asLong(), "charged once");
            settle();
            for (TestClient member : List.of(host, far)) {
                List<JsonNode> gifts = member.drain("gift");
                assertEquals(1, gifts.size(), "shown once: " + gifts);
                assertEquals(sent.path("txId").asText(), gifts.get(0).path("txId").asText());
            }
            assertEquals(10, host.request(TestClient.message("wallet.balance")).path("earnings").asLong());

            // A report lands in the reports stream; a ban by the host (on A) of a member on B holds through B.
            JsonNode reported = far.request(TestClient.message("report.send").put("roomId", roomId).put("reason", "other"));
            assertEquals("report.received", reported.path("type").asText(), reported.toString());
            JsonNode banned = host.request(TestClient.message("room.moderate").put("roomId", roomId)
                    .put("userId", "rc-pest").put("action", "ban"));
            assertEquals("room.moderated", banned.path("type").asText(), banned.toString());
            assertEquals("banned", pest.event("room.removed").path("reason").asText());
            JsonNode refused = pest.request(join(roomId));
            assertEquals("forbidden", refused.path("code").asText(), refused.toString());
            assertEquals("banned", refused.path("reason").asText());
            assertEquals("show.ended", host.request(TestClient.message("show.end").put("roomId", roomId))
                    .path("type").asText());
            assertEquals("host_ended", far.event("show.ended").path("reason").asText());

            // The platform removes a user through A's server API: the put-out channel closes their connection on B.
            HttpResponse<String> removed = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + a.adminPort() + "/api/users/rc-pest/remove"))
                    .header("Authorization", "Bearer " + AuthConfig.DEV_SERVICE_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, removed.statusCode(), removed.body());
            assertEquals(new TestClient.Closed(4003, "removed"), pest.closed());

            call(a, b);

            // Both nodes append to the one outbox; one of them delivers each event once, in order.
            List<String> expected = List.of("show.started", "gift.sent", "user.banned", "show.ended", "call.started",
                    "call.ended");
            await("the webhooks", () -> deliveredTypes().containsAll(expected));
            List<String> delivered = deliveredTypes();
            for (String type : expected) {
                assertEquals(1, Collections.frequency(delivered, type), type + " once: " + delivered);
            }
            assertTrue(delivered.indexOf("show.started") < delivered.indexOf("show.ended"), delivered.toString());
            assertTrue(receiver.requests().stream().allMatch(WebhookReceiver.Request::signatureValid));

            RedisClusterClient client = RedisClusterClient.create(cluster.seedUri());
            try (StatefulRedisClusterConnection<String, String> redis = client.connect()) {
                assertEquals(1, redis.sync().xrange(prefix + ":reports", Range.create("-", "+")).size());
                assertTrue(redis.sync().sismember(prefix + ":bans:{rc-host}", "rc-pest"));
                assertEquals(2, redis.sync().zcard(prefix + ":{cluster}:nodes"));
            } finally {
                client.shutdown();
            }
            assertEquals(0, TestServers.metric(a, "livestage_cluster_bus_dropped_total")
                    + TestServers.metric(b, "livestage_cluster_bus_dropped_total"));
        }
        // A refusal is an error reply from Redis (CROSSSLOT, or any other) logged by us or by Lettuce. Lettuce's
        // handshake logs at debug the CLIENT subcommands an older Redis lacks: not ours. Timeouts on a busy machine
        // are retried, and not refusals.
        List<String> refusals = log.list.stream().map(RedisClusterServerTest::line)
                .filter(line -> line.contains("CROSSSLOT") || line.contains("RedisCommandExecutionException")
                        && !line.contains("RedisHandshake"))
                .toList();
        assertEquals(List.of(), refusals, "no command was refused by the cluster");
    }

    /** A caller on A calls a consultant on B; minutes are billed and the end reaches both. */
    private static void call(LiveStageServer a, LiveStageServer b) throws Exception {
        try (TestClient consultant = TestClient.as(b, "rc-consultant", "consultant", true);
             TestClient caller = TestClient.as(a, "rc-caller", "viewer", true)) {
            TestServers.credit(a.httpPort(), "rc-caller", 1000);
            consultant.request(TestClient.message("consultant.status").put("available", true));
            await("the consultant listed on A", () -> listed(caller, "rc-consultant"));
            JsonNode ringing = caller.request(TestClient.message("call.request").put("consultantId", "rc-consultant"));
            assertEquals("call.ringing", ringing.path("type").asText(), ringing.toString());
            String callId = ringing.path("callId").asText();
            assertEquals(callId, consultant.event("call.incoming").path("callId").asText());
            JsonNode started = consultant.request(TestClient.message("call.accept").put("callId", callId));
            assertEquals("call.started", started.path("type").asText(), started.toString());
            assertEquals(RATE, caller.event("call.billing").path("charged").asLong(), "minute 0 at acceptance");
            JsonNode later = caller.event("call.billing");
            assertTrue(later.path("charged").asLong() > RATE, "minutes go on: " + later);

            JsonNode ended = caller.request(TestClient.message("call.end").put("callId", callId));
            assertEquals("call.ended", ended.path("type").asText(), ended.toString());
            long charged = ended.path("charged").asLong();
            assertEquals(charged, consultant.event("call.ended").path("charged").asLong());
            assertEquals(1000 - charged, caller.request(TestClient.message("wallet.balance")).path("balance").asLong());
            assertEquals(charged, consultant.request(TestClient.message("wallet.balance")).path("earnings").asLong());
        }
    }

    private LiveStageServer node(String id) throws Exception {
        String endpoints = TestClient.JSON.writeValueAsString(List.of(Map.of("name", "platform", "url", receiver.url(),
                "secret", SECRET)));
        Map<String, String> settings = TestServers.clusterNode(cluster.seedUri(), prefix, id);
        settings.put("LIVESTAGE_REDIS_CLUSTER", "true");
        settings.put("LIVESTAGE_CALLS_MINUTE_MS", Long.toString(MINUTE_MS));
        settings.put("LIVESTAGE_WEBHOOKS_ENDPOINTS", endpoints);
        settings.put("LIVESTAGE_WEBHOOKS_RETRY_INITIAL_MS", "20");
        settings.put("LIVESTAGE_WEBHOOKS_RETRY_MAX_MS", "200");
        return TestServers.start(settings);
    }

    private List<String> deliveredTypes() {
        List<WebhookReceiver.Request> requests = receiver.requests();
        return receiver.accepted().stream().map(id -> requests.stream().filter(r -> r.deliveryId().equals(id))
                .findFirst().orElseThrow().type()).toList();
    }

    private static boolean listed(TestClient client, String userId) {
        try {
            for (JsonNode consultant : client.request(TestClient.message("consultant.list")).path("consultants")) {
                if (consultant.path("userId").asText().equals(userId)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not come in time");
            }
            Thread.sleep(50);
        }
    }

    private static String line(ILoggingEvent event) {
        String line = event.getThreadName() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
        return event.getThrowableProxy() == null ? line : line + " " + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }

    private static ObjectNode join(String roomId) {
        return TestClient.message("room.join").put("roomId", roomId);
    }

    private static void chat(TestClient client, String roomId, String text) throws Exception {
        JsonNode reply = client.request(TestClient.message("chat.send").put("roomId", roomId).put("text", text));
        assertEquals("chat", reply.path("type").asText(), reply.toString());
    }

    private static List<String> texts(TestClient client) throws Exception {
        return client.drain("chat").stream().map(event -> event.path("text").asText()).toList();
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(300);
    }
}

package io.livestage.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.sfu.sdp.SdpFixtures;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A paid call between a caller connected to node A and a consultant connected to node B, two assembled nodes
 * sharing the real Redis at 127.0.0.1:6379 under a key prefix of this run's own: the call runs on the
 * consultant's node, the caller's requests reach it through A, the caller's media goes straight to B, and
 * ringing, acceptance, minutes, a dropped connection coming back through the other node and the end work as
 * on one node.
 */
class ClusterCallTest {
    private static final String REDIS = "redis://127.0.0.1:6379/0";
    private static final long MINUTE_MS = 600;
    /** calls.defaultRate, the rate of a consultant whose token carries none. */
    private static final long RATE = 10;
    private final String prefix = "livestage-test-" + UUID.randomUUID();

    @AfterEach
    void removeKeys() {
        TestServers.deleteRedisKeys(REDIS, prefix);
    }

    @Test
    void aCallerOnOneNodeCallsAConsultantOnAnother() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient consultant = TestClient.as(b, "cc-consultant", "consultant", true);
             TestClient caller = TestClient.as(a, "cc-caller", "viewer", true)) {
            TestServers.credit(a.httpPort(), "cc-caller", 1000);
            consultant.request(TestClient.message("consultant.status").put("available", true));
            awaitConsultantListed(caller, "cc-consultant");

            JsonNode ringing = caller.request(TestClient.message("call.request").put("consultantId", "cc-consultant"));
            assertEquals("call.ringing", ringing.path("type").asText(), ringing.toString());
            String callId = ringing.path("callId").asText();
            JsonNode incoming = consultant.event("call.incoming");
            assertEquals(callId, incoming.path("callId").asText());
            assertEquals("cc-caller", incoming.path("from").path("userId").asText());
            JsonNode busy = TestClient.as(a, "cc-other", "viewer", true).request(
                    TestClient.message("call.request").put("consultantId", "cc-consultant"));
            assertEquals("conflict", busy.path("code").asText(), "the consultant is rung already: " + busy);

            JsonNode started = consultant.request(TestClient.message("call.accept").put("callId", callId));
            assertEquals("call.started", started.path("type").asText(), started.toString());
            String roomId = started.path("roomId").asText();
            assertEquals(roomId, caller.event("call.started").path("roomId").asText());
            assertEquals(RATE, caller.event("call.billing").path("charged").asLong(), "minute 0 at acceptance");

            // The caller's media goes to the call's node: its answer and offers carry B's candidates.
            JsonNode answer = caller.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertEquals("media.answer", answer.path("type").asText(), answer.toString());
            assertTrue(answer.path("sdp").asText().contains(" " + b.sfu().udpPort() + " typ host"), answer.toString());
            JsonNode offer = caller.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("media.offer", offer.path("type").asText(), offer.toString());
            assertTrue(offer.path("sdp").asText().contains(" " + b.sfu().udpPort() + " typ host"), offer.toString());
            assertEquals(1, b.sfu().subscriptionCount());
            assertEquals(0, a.sfu().subscriptionCount(), "a 1:1 call crosses no relay");
            JsonNode layer = caller.request(TestClient.message("media.layer")
                    .put("subscriptionId", offer.path("subscriptionId").asText()).put("layer", "auto"));
            assertEquals("media.ok", layer.path("type").asText(), "requests naming the subscription go to B: " + layer);
            JsonNode stranger = TestClient.as(a, "cc-stranger", "viewer", true).request(
                    TestClient.message("media.subscribe").put("roomId", roomId));
            assertTrue(List.of("forbidden", "not_found").contains(stranger.path("code").asText()), stranger.toString());

            // The caller drops; the consultant hears it, and the caller comes back through B itself.
            caller.close();
            assertEquals("away", consultant.event("call.peer").path("state").asText());
            try (TestClient back = TestClient.as(b, "cc-caller", "viewer", true)) {
                JsonNode resumed = back.request(TestClient.message("call.resume").put("callId", callId));
                assertEquals("call.started", resumed.path("type").asText(), resumed.toString());
                assertEquals("back", consultant.event("call.peer").path("state").asText());
                back.close();
                assertEquals("away", consultant.event("call.peer").path("state").asText());
            }
            // ... and then again through A, whose new connection asks B.
            try (TestClient again = TestClient.as(a, "cc-caller", "viewer", true)) {
                JsonNode resumed = again.request(TestClient.message("call.resume").put("callId", callId));
                assertEquals("call.started", resumed.path("type").asText(), resumed.toString());
                assertEquals("back", consultant.event("call.peer").path("state").asText());
                JsonNode billing = again.event("call.billing");
                assertTrue(billing.path("charged").asLong() >= RATE, billing.toString());
                JsonNode later = again.event("call.billing");
                assertTrue(later.path("charged").asLong() > billing.path("charged").asLong(), "minutes go on: " + later);

                JsonNode ended = again.request(TestClient.message("call.end").put("callId", callId));
                assertEquals("call.ended", ended.path("type").asText(), ended.toString());
                assertEquals("hangup", ended.path("reason").asText());
                long charged = ended.path("charged").asLong();
                assertEquals(charged, consultant.event("call.ended").path("charged").asLong());
                assertEquals(1000 - charged, again.request(TestClient.message("wallet.balance")).path("balance").asLong());
                assertEquals(charged, consultant.request(TestClient.message("wallet.balance")).path("earnings").asLong());
                JsonNode afterEnd = again.request(TestClient.message("media.subscribe").put("roomId", roomId));
                assertTrue(List.of("forbidden", "not_found").contains(afterEnd.path("code").asText()), afterEnd.toString());
            }
        }
    }

    /**
     * Node A takes node B for dead while B runs on (B's registry entry gone for a moment, as when B stalls past the
     * cluster's expiry) and takes the call over for its caller. B must not go on with a copy of the call and the
     * consultant, each party alone (seen with browsers on a loaded machine: each page waiting for the other for
     * good): at its next clock change B finds the call is A's, lets it go without an end, and sends its consultant
     * to A, who is told the call moved. One call goes on, billed once a minute, and ends once for both.
     */
    @Test
    void aNodeTakenForDeadHandsItsCallToTheNodeThatTookItOver() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient consultant = TestClient.as(b, "cc-consultant3", "consultant", true);
             TestClient caller = TestClient.as(a, "cc-caller3", "viewer", true)) {
            JsonNode started = startCall(a, caller, "cc-caller3", consultant, "cc-consultant3");
            String callId = started.path("callId").asText();
            String roomId = started.path("roomId").asText();
            assertEquals(RATE, caller.event("call.billing").path("charged").asLong());

            JsonNode movedToA = null;
            RedisClient redis = RedisClient.create(REDIS);
            try (StatefulRedisConnection<String, String> connection = redis.connect()) {
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (movedToA == null && System.nanoTime() < deadline) {
                    connection.sync().del(prefix + ":{cluster}:node:node-b");
                    Thread.sleep(10);
                    movedToA = caller.drain("call.started").stream().findFirst().orElse(null);
                }
            } finally {
                redis.shutdown();
            }
            assertTrue(movedToA != null && movedToA.path("moved").asBoolean(), "A took the call over: " + movedToA);

            JsonNode movedConsultant = consultant.event("call.started");
            assertEquals(callId, movedConsultant.path("callId").asText(), movedConsultant.toString());
            assertTrue(movedConsultant.path("moved").asBoolean(), "B sent its consultant to A: " + movedConsultant);
            JsonNode answer = consultant.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertTrue(answer.path("sdp").asText().contains(" " + a.sfu().udpPort() + " typ host"),
                    "the consultant's media goes to A now: " + answer);
            minutesGoOnThenOneEnd(caller, consultant, caller, callId);
        }
    }

    /**
     * The node running a call stops (drained, then stopped for a deploy) while the call goes on. It hands the call on
     * instead of ending it: the caller's node carries it on from its record as soon as the stopping node has said
     * goodbye, the consultant comes back through the caller's node, and the minutes go on there, each charged once.
     * Before, every call on a stopping node ended with {@code server_shutdown}, paid or not.
     */
    @Test
    void aCallWhoseNodeStopsGoesOnAtTheOtherPartysNode() throws Exception {
        LiveStageServer b = node("node-b");
        boolean bStopped = false;
        try (LiveStageServer a = node("node-a");
             TestClient caller = TestClient.as(a, "cc-caller5", "viewer", true)) {
            TestClient consultant = TestClient.as(b, "cc-consultant5", "consultant", true);
            String callId = startCall(a, caller, "cc-caller5", consultant, "cc-consultant5").path("callId").asText();
            assertEquals(RATE, caller.event("call.billing").path("charged").asLong());

            long stopping = System.nanoTime();
            b.close();
            bStopped = true;
            consultant.close();
            JsonNode moved = caller.event("call.started");
            long movedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            assertEquals(callId, moved.path("callId").asText(), moved.toString());
            assertTrue(moved.path("moved").asBoolean(), "A carries the call on: " + moved);
            assertEquals(0, caller.drain("call.ended").size(), "the caller never heard the call end");

            try (TestClient back = TestClient.as(a, "cc-consultant5", "consultant", true)) {
                JsonNode resumed = back.request(TestClient.message("call.resume").put("callId", callId));
                assertEquals("call.started", resumed.path("type").asText(), resumed.toString());
                long charged = minutesGoOnThenOneEnd(caller, caller, back, callId);
                assertEquals(charged, back.request(TestClient.message("wallet.balance")).path("earnings").asLong());
                System.out.printf("a call's node stopped: the caller's node carried it on %d ms later; %d coins in all%n",
                        movedMillis, charged);
            }
        } finally {
            if (!bStopped) {
                b.close();
            }
        }
    }

    @Test
    void aConsultantNobodyListsIsNotFoundAndNothingIsReserved() throws Exception {
        try (LiveStageServer a = node("node-a"); LiveStageServer b = node("node-b");
             TestClient caller = TestClient.as(a, "cc-caller2", "viewer", true);
             TestClient consultant = TestClient.as(b, "cc-consultant2", "consultant", true)) {
            JsonNode missing = caller.request(TestClient.message("call.request").put("consultantId", "cc-consultant2"));
            assertEquals("not_found", missing.path("code").asText(), missing.toString());
            consultant.request(TestClient.message("consultant.status").put("available", true));
            // Just made available: not in A's copy of the listings yet, found by reading the registry again.
            JsonNode poor = caller.request(TestClient.message("call.request").put("consultantId", "cc-consultant2"));
            assertEquals("insufficient_funds", poor.path("code").asText(), "the consultant's node checks the wallet: " + poor);
            TestServers.credit(a.httpPort(), "cc-caller2", 100);
            JsonNode ringing = caller.request(TestClient.message("call.request").put("consultantId", "cc-consultant2"));
            assertEquals("call.ringing", ringing.path("type").asText(), "the refused request reserved nothing: " + ringing);
            JsonNode declined = consultant.request(TestClient.message("call.decline")
                    .put("callId", ringing.path("callId").asText()));
            assertEquals("call.ended", declined.path("type").asText(), declined.toString());
            assertEquals("declined", caller.event("call.ended").path("reason").asText());
        }
    }

    /**
     * The caller, connected to {@code callerNode}, credited 1,000 coins there, calls the consultant, who goes
     * available and accepts: the consultant's {@code call.started}, once the caller has theirs too.
     */
    private static JsonNode startCall(LiveStageServer callerNode, TestClient caller, String callerId, TestClient consultant,
                                      String consultantId) throws Exception {
        TestServers.credit(callerNode.httpPort(), callerId, 1000);
        consultant.request(TestClient.message("consultant.status").put("available", true));
        awaitConsultantListed(caller, consultantId);
        String callId = caller.request(TestClient.message("call.request").put("consultantId", consultantId))
                .path("callId").asText();
        consultant.event("call.incoming");
        JsonNode started = consultant.request(TestClient.message("call.accept").put("callId", callId));
        assertEquals("call.started", started.path("type").asText(), started.toString());
        caller.event("call.started");
        return started;
    }

    /**
     * The caller (credited 1,000) is billed minute after minute on A; then {@code ender} ends the call and {@code other}
     * hears the same {@code charged}, and the caller's wallet paid exactly that: each minute once. Returns it.
     */
    private static long minutesGoOnThenOneEnd(TestClient caller, TestClient ender, TestClient other, String callId)
            throws Exception {
        caller.drain("call.billing");
        long next = caller.event("call.billing").path("charged").asLong();
        assertTrue(caller.event("call.billing").path("charged").asLong() > next, "minutes go on, on A");
        JsonNode ended = ender.request(TestClient.message("call.end").put("callId", callId));
        assertEquals("call.ended", ended.path("type").asText(), ended.toString());
        long charged = ended.path("charged").asLong();
        assertEquals(charged, other.event("call.ended").path("charged").asLong(), "one end, one amount");
        assertEquals(1000 - charged, caller.request(TestClient.message("wallet.balance")).path("balance").asLong(),
                "each minute charged once");
        return charged;
    }

    private static void awaitConsultantListed(TestClient client, String userId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode listed : client.request(TestClient.message("consultant.list")).path("consultants")) {
                if (listed.path("userId").asText().equals(userId)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(userId + " was not listed in time");
    }

    private LiveStageServer node(String id) {
        Map<String, String> settings = TestServers.clusterNode(REDIS, prefix, id);
        settings.put("LIVESTAGE_CALLS_MINUTE_MS", Long.toString(MINUTE_MS));
        return TestServers.start(settings);
    }

}

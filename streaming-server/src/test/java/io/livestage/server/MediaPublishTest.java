package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.sfu.sdp.SdpFixtures;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code media.publish} through the assembled server: who may publish, and what the answer says. */
class MediaPublishTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LiveStageServer server;

    @BeforeAll
    static void start() {
        server = LiveStageServerTest.start(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theHostGetsAnIceLiteAnswerWithOurCandidate() throws Exception {
        try (TestClient host = client("pub-host", "creator")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Media")).path("roomId").asText();
            JsonNode answer = host.request(TestClient.message("media.publish").put("roomId", roomId)
                    .put("sdp", SdpFixtures.load(SdpFixtures.CHROME)));
            assertEquals("media.answer", answer.path("type").asText(), answer.toString());
            assertEquals(roomId, answer.path("roomId").asText());
            List<String> lines = List.of(answer.path("sdp").asText().split("\r\n"));
            assertTrue(lines.contains("a=ice-lite"));
            assertTrue(lines.contains("a=setup:passive"));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("a=fingerprint:sha-256 ")));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("a=candidate:") && l.contains(" 127.0.0.1 " + server.sfu().udpPort() + " typ host")),
                    "our host candidate on the media port: " + lines);
            String metrics = LiveStageServerTest.get(HTTP, "http://127.0.0.1:" + server.httpPort() + "/metrics").body();
            assertTrue(metrics.contains("livestage_sfu_transports{role=\"publisher\",state=\"waiting_for_ice\"} 1.0"), "a transport awaits ICE");
        }
    }

    @Test
    void offersWeCannotServeAreBadRequestsWithAReason() throws Exception {
        try (TestClient host = client("pub-bad", "creator")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Bad offer")).path("roomId").asText();
            JsonNode garbage = host.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", "hello"));
            assertEquals("bad_request", garbage.path("code").asText(), garbage.toString());
            assertTrue(garbage.path("message").asText().startsWith("cannot serve this offer: "));
            String noFingerprint = SdpFixtures.load(SdpFixtures.CHROME).replaceAll("a=fingerprint:[^\r\n]*\r\n", "");
            JsonNode refused = host.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", noFingerprint));
            assertEquals("bad_request", refused.path("code").asText());
            assertTrue(refused.path("message").asText().contains("fingerprint"), refused.toString());
        }
    }

    @Test
    void subscribingIsForMembersOnceEachAndAnswersMustFit() throws Exception {
        try (TestClient host = client("sub-host", "creator"); TestClient viewer = client("sub-viewer", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Watch me")).path("roomId").asText();
            JsonNode outsider = viewer.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("forbidden", outsider.path("code").asText(), "join the room first");
            assertEquals("not_found", viewer.request(TestClient.message("media.subscribe").put("roomId", "rgone")).path("code").asText());

            viewer.request(TestClient.message("room.join").put("roomId", roomId));
            JsonNode offer = viewer.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("media.offer", offer.path("type").asText(), offer.toString());
            String subscriptionId = offer.path("subscriptionId").asText();
            List<String> lines = List.of(offer.path("sdp").asText().split("\r\n"));
            assertTrue(lines.contains("a=ice-lite") && lines.contains("a=setup:actpass"), "we offer as ICE-lite, DTLS either role");
            assertTrue(lines.contains("a=inactive"), "no publisher yet: one inactive section carries the transport");

            assertEquals("conflict", viewer.request(TestClient.message("media.subscribe").put("roomId", roomId)).path("code").asText());
            JsonNode garbage = viewer.request(TestClient.message("media.answer").put("subscriptionId", subscriptionId).put("sdp", "v=0"));
            assertEquals("bad_request", garbage.path("code").asText(), garbage.toString());
            JsonNode unknown = viewer.request(TestClient.message("media.answer").put("subscriptionId", "snope").put("sdp", "v=0"));
            assertEquals("not_found", unknown.path("code").asText());
            JsonNode stranger = host.request(TestClient.message("media.answer").put("subscriptionId", subscriptionId).put("sdp", "v=0"));
            assertEquals("not_found", stranger.path("code").asText(), "someone else's subscription is not yours to answer");

            JsonNode pinned = viewer.request(TestClient.message("media.layer").put("subscriptionId", subscriptionId)
                    .put("layer", "low"));
            assertEquals("media.ok", pinned.path("type").asText(), pinned.toString());
            assertEquals(subscriptionId, pinned.path("subscriptionId").asText());
            assertEquals("not_found", host.request(TestClient.message("media.layer").put("subscriptionId", subscriptionId)
                    .put("layer", "auto")).path("code").asText(), "nobody pins someone else's layer");
            assertEquals("not_found", viewer.request(TestClient.message("media.layer").put("subscriptionId", "snope")
                    .put("layer", "high")).path("code").asText());

            viewer.request(TestClient.message("room.leave").put("roomId", roomId));
            JsonNode afterLeaving = viewer.request(TestClient.message("media.subscribe").put("roomId", roomId));
            assertEquals("forbidden", afterLeaving.path("code").asText());
        }
    }

    @Test
    void anInvitedGuestPublishesBesideTheHost() throws Exception {
        try (TestClient host = client("stage-host", "creator"); TestClient guest = client("stage-guest", "viewer");
             TestClient other = client("stage-other", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Duet")).path("roomId").asText();
            guest.request(TestClient.message("room.join").put("roomId", roomId));
            other.request(TestClient.message("room.join").put("roomId", roomId));
            String offer = SdpFixtures.load(SdpFixtures.CHROME);
            assertEquals("forbidden", guest.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", offer))
                    .path("code").asText(), "not before the host's invitation");
            assertEquals("forbidden", other.request(TestClient.message("show.invite").put("roomId", roomId).put("userId", "stage-other"))
                    .path("code").asText(), "only the host invites");
            JsonNode invited = host.request(TestClient.message("show.invite").put("roomId", roomId).put("userId", "stage-guest"));
            assertEquals("show.invited", invited.path("type").asText(), invited.toString());
            JsonNode answer = guest.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", offer));
            assertEquals("media.answer", answer.path("type").asText(), answer.toString());
            assertEquals("forbidden", other.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", offer))
                    .path("code").asText());
        }
    }

    @Test
    void onlyTheHostPublishesAndOnlyInALiveShow() throws Exception {
        try (TestClient host = client("pub-owner", "creator"); TestClient viewer = client("pub-viewer", "viewer")) {
            String roomId = host.request(TestClient.message("show.start").put("title", "Mine")).path("roomId").asText();
            viewer.request(TestClient.message("room.join").put("roomId", roomId));
            JsonNode forbidden = viewer.request(TestClient.message("media.publish").put("roomId", roomId).put("sdp", "v=0"));
            assertEquals("forbidden", forbidden.path("code").asText());
            JsonNode missing = host.request(TestClient.message("media.publish").put("roomId", "rnothere").put("sdp", "v=0"));
            assertEquals("not_found", missing.path("code").asText());
        }
    }

    private static TestClient client(String user, String role) throws Exception {
        return TestClient.as(server, user, role);
    }
}

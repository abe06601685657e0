package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.moderation.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Moderation as the server enforces it, over real WebSockets: members, mute, remove, ban, moderators, filters. */
class RoomModerationTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(new RoomConfig(List.of("badword", "two words"), 5, 60, 10, 30, 300, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String startShow(WsClient host) {
        host.send("{\"type\":\"show.start\",\"id\":\"s\",\"title\":\"Moderated\"}");
        return host.expect("show.started").path("roomId").asText();
    }

    private static JsonNode join(WsClient client, String roomId) {
        client.send("{\"type\":\"room.join\",\"id\":\"j\",\"roomId\":\"" + roomId + "\"}");
        return client.expect("room.joined");
    }

    private static void send(WsClient client, String type, String roomId, String rest) {
        client.send("{\"type\":\"" + type + "\",\"id\":\"" + type + "\",\"roomId\":\"" + roomId + "\"" + rest + "}");
    }

    private static void moderate(WsClient client, String roomId, String userId, String action) {
        send(client, "room.moderate", roomId, ",\"userId\":\"" + userId + "\",\"action\":\"" + action + "\"");
    }

    private static void chat(WsClient client, String roomId, String text) {
        send(client, "chat.send", roomId, ",\"text\":\"" + text + "\"");
    }

    @Test
    void theHostPagesThroughMembersAndViewersCannot() {
        try (WsClient host = server.user("m-host", Role.CREATOR);
             WsClient a = server.user("m-a", Role.VIEWER);
             WsClient b = server.user("m-b", Role.VIEWER);
             WsClient bAgain = server.user("m-b", Role.VIEWER)) {
            String roomId = startShow(host);
            join(a, roomId);
            join(b, roomId);
            join(bAgain, roomId);

            send(host, "room.members", roomId, "");
            JsonNode first = host.expect("room.members");
            assertEquals(3, first.path("total").asInt(), "a user with two connections is listed once: " + first);
            assertEquals(2, first.path("members").size(), "room.membersPageSize caps a page");
            assertEquals("m-a", first.path("members").get(0).path("userId").asText());
            assertEquals("m-b", first.path("members").get(1).path("userId").asText());
            assertEquals("viewer", first.path("members").get(1).path("role").asText());
            String next = first.path("next").asText();
            send(host, "room.members", roomId, ",\"cursor\":\"" + next + "\"");
            JsonNode second = host.expect("room.members");
            assertEquals("m-host", second.path("members").get(0).path("userId").asText());
            assertEquals("host", second.path("members").get(0).path("role").asText());
            assertTrue(second.path("next").isMissingNode(), "the last page has no next cursor");

            send(a, "room.members", roomId, "");
            assertEquals("room.members", a.expectError("forbidden").path("id").asText());
        }
    }

    @Test
    void aMutedViewersChatIsRefusedUntilUnmuted() {
        try (WsClient host = server.user("u-host", Role.CREATOR);
             WsClient alice = server.user("u-alice", Role.VIEWER);
             WsClient bob = server.user("u-bob", Role.VIEWER)) {
            String roomId = startShow(host);
            join(alice, roomId);
            join(bob, roomId);

            moderate(bob, roomId, "u-alice", "mute");
            bob.expectError("forbidden");

            moderate(host, roomId, "u-alice", "mute");
            JsonNode done = host.expect("room.moderated");
            assertEquals("room.moderate", done.path("id").asText());
            JsonNode told = alice.expect("room.moderated");
            assertEquals("mute", told.path("action").asText());
            assertEquals("u-host", told.path("by").path("userId").asText());

            chat(alice, roomId, "hello?");
            JsonNode refused = alice.expectError("forbidden");
            assertEquals("muted", refused.path("reason").asText());
            assertEquals("chat.send", refused.path("id").asText());

            send(host, "room.members", roomId, "");
            JsonNode members = host.expect("room.members");
            assertTrue(members.path("members").get(0).path("muted").asBoolean(), members.toString());
            alice.send("{\"type\":\"room.join\",\"id\":\"again\",\"roomId\":\"" + roomId + "\"}");
            assertTrue(alice.expect("room.joined").path("muted").asBoolean(), "room.joined tells a muted viewer");

            moderate(host, roomId, "u-alice", "unmute");
            host.expect("room.moderated");
            chat(alice, roomId, "back");
            assertEquals("back", bob.expect("chat").path("text").asText());
        }
    }

    @Test
    void aRemovedViewerLeavesOnEveryConnectionAndCannotRejoin() {
        try (WsClient host = server.user("r-host", Role.CREATOR);
             WsClient troll = server.user("r-troll", Role.VIEWER);
             WsClient trollPhone = server.user("r-troll", Role.VIEWER)) {
            String roomId = startShow(host);
            join(troll, roomId);
            join(trollPhone, roomId);
            moderate(host, roomId, "r-troll", "remove");
            assertEquals("removed", troll.expect("room.removed").path("reason").asText());
            assertEquals("removed", trollPhone.expect("room.removed").path("reason").asText());
            host.expect("room.moderated");

            chat(troll, roomId, "still here?");
            troll.expectError("forbidden");
            troll.send("{\"type\":\"room.join\",\"id\":\"back\",\"roomId\":\"" + roomId + "\"}");
            JsonNode refused = troll.expectError("forbidden");
            assertEquals("removed", refused.path("reason").asText());
            assertEquals("back", refused.path("id").asText());
            send(host, "room.members", roomId, "");
            assertEquals(1, host.expect("room.members").path("total").asInt(), "only the host is left");
        }
    }

    @Test
    void aBanKeepsAUserOutOfTheCreatorsLaterShowsUntilLifted() {
        try (WsClient host = server.user("b-host", Role.CREATOR);
             WsClient other = server.user("b-other", Role.CREATOR);
             WsClient pest = server.user("b-pest", Role.VIEWER)) {
            String roomId = startShow(host);
            join(pest, roomId);
            moderate(host, roomId, "b-pest", "ban");
            assertEquals("banned", pest.expect("room.removed").path("reason").asText());
            host.expect("room.moderated");
            send(host, "show.end", roomId, "");
            host.expect("show.ended");

            String later = startShow(host);
            pest.send("{\"type\":\"room.join\",\"id\":\"j\",\"roomId\":\"" + later + "\"}");
            assertEquals("banned", pest.expectError("forbidden").path("reason").asText());
            String elsewhere = startShow(other);
            join(pest, elsewhere);

            moderate(host, later, "b-pest", "unban");
            host.expect("room.moderated");
            join(pest, later);
        }
    }

    @Test
    void moderatorsTheHostNamesMayModerateViewersButNotTheHostOrEachOther() {
        try (WsClient host = server.user("d-host", Role.CREATOR);
             WsClient mod = server.user("d-mod", Role.VIEWER);
             WsClient mod2 = server.user("d-mod2", Role.VIEWER);
             WsClient viewer = server.user("d-viewer", Role.VIEWER)) {
            String roomId = startShow(host);
            join(mod, roomId);
            join(mod2, roomId);
            join(viewer, roomId);
            moderate(host, roomId, "d-mod", "promote");
            host.expect("room.moderated");
            assertEquals("promote", mod.expect("room.moderated").path("action").asText());
            moderate(host, roomId, "d-mod2", "promote");
            host.expect("room.moderated");

            moderate(mod, roomId, "d-viewer", "mute");
            mod.expect("room.moderated");
            assertEquals("mute", viewer.expect("room.moderated").path("action").asText());
            assertEquals("d-mod", host.expect("room.moderated").path("by").path("userId").asText(),
                    "the host hears what a moderator did");

            moderate(mod, roomId, "d-host", "mute");
            mod.expectError("forbidden");
            moderate(mod, roomId, "d-mod2", "remove");
            mod.expectError("forbidden");
            moderate(mod, roomId, "d-viewer", "promote");
            mod.expectError("forbidden");
            moderate(mod, roomId, "d-mod", "mute");
            mod.expectError("bad_request");
            send(mod, "room.moderate", roomId, ",\"userId\":\"d-viewer\",\"action\":\"explode\"");
            mod.expectError("bad_request");

            moderate(host, roomId, "d-mod", "demote");
            host.expect("room.moderated");
            moderate(mod, roomId, "d-viewer", "unmute");
            mod.expectError("forbidden");
        }
    }

    @Test
    void aBlockedUsersMessagesDisappearForTheBlockerOnly() throws InterruptedException {
        try (WsClient host = server.user("k-host", Role.CREATOR);
             WsClient alice = server.user("k-alice", Role.VIEWER);
             WsClient carol = server.user("k-carol", Role.VIEWER);
             WsClient bob = server.user("k-bob", Role.VIEWER)) {
            String roomId = startShow(host);
            join(alice, roomId);
            join(carol, roomId);
            join(bob, roomId);
            alice.send("{\"type\":\"user.block\",\"id\":\"blk\",\"userId\":\"k-bob\",\"blocked\":true}");
            assertTrue(alice.expect("user.blocked").path("blocked").asBoolean());
            alice.send("{\"type\":\"user.block\",\"id\":\"self\",\"userId\":\"k-alice\",\"blocked\":true}");
            alice.expectError("bad_request");

            chat(bob, roomId, "annoying");
            assertEquals("annoying", carol.expect("chat").path("text").asText());
            assertEquals("annoying", host.expect("chat").path("text").asText());
            assertTrue(alice.quietFor("chat", 300), "the blocker does not get the blocked user's chat");

            alice.send("{\"type\":\"user.block\",\"id\":\"unblk\",\"userId\":\"k-bob\",\"blocked\":false}");
            assertFalse(alice.expect("user.blocked").path("blocked").asBoolean());
            chat(bob, roomId, "hi again");
            assertEquals("hi again", alice.expect("chat").path("text").asText());
        }
    }

    @Test
    void slowModeAndBannedWordsFilterViewersChat() throws InterruptedException {
        try (WsClient host = server.user("w-host", Role.CREATOR);
             WsClient viewer = server.user("w-viewer", Role.VIEWER)) {
            String roomId = startShow(host);
            join(viewer, roomId);

            send(viewer, "room.settings", roomId, ",\"slowModeSeconds\":5");
            viewer.expectError("forbidden");
            send(host, "room.settings", roomId, ",\"slowModeSeconds\":61");
            host.expectError("bad_request");
            send(host, "room.settings", roomId, ",\"bannedWords\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]");
            host.expectError("bad_request");

            chat(viewer, roomId, "what a BADWORD!");
            assertEquals("banned_word", viewer.expectError("bad_request").path("reason").asText());
            chat(viewer, roomId, "say two   Words now");
            assertEquals("banned_word", viewer.expectError("bad_request").path("reason").asText());
            chat(viewer, roomId, "badwords are a different word");
            viewer.expect("chat");

            send(host, "room.settings", roomId, ",\"slowModeSeconds\":2,\"bannedWords\":[\"Spoiler\"]");
            JsonNode settings = host.expect("room.settings");
            assertEquals(2, settings.path("slowModeSeconds").asInt());
            assertEquals("spoiler", settings.path("bannedWords").get(0).asText());
            JsonNode told = viewer.expect("room.settings");
            assertEquals(2, told.path("slowModeSeconds").asInt());
            assertTrue(told.path("bannedWords").isMissingNode(), "viewers are not shown the word list");

            chat(viewer, roomId, "no spoiler please");
            assertEquals("banned_word", viewer.expectError("bad_request").path("reason").asText());
            chat(viewer, roomId, "too soon after the last one");
            JsonNode slowed = viewer.expectError("rate_limited");
            assertEquals("slow_mode", slowed.path("reason").asText());
            chat(host, roomId, "hosts are not slowed");
            host.expect("chat");
            chat(host, roomId, "nor filtered: spoiler");
            host.expect("chat");
            Thread.sleep(2100);
            chat(viewer, roomId, "now");
            viewer.expect("chat");
            chat(viewer, roomId, "and again");
            assertEquals("slow_mode", viewer.expectError("rate_limited").path("reason").asText());
        }
    }

    @Test
    void aPinnedMessageReachesMembersAndLateJoiners() {
        try (WsClient host = server.user("p-host", Role.CREATOR);
             WsClient early = server.user("p-early", Role.VIEWER);
             WsClient late = server.user("p-late", Role.VIEWER)) {
            String roomId = startShow(host);
            assertTrue(join(early, roomId).path("pinned").isMissingNode());
            send(early, "room.pin", roomId, ",\"text\":\"me first\"");
            early.expectError("forbidden");

            send(host, "room.pin", roomId, ",\"text\":\"Giveaway at 9 pm\"");
            assertEquals("room.pin", host.expect("room.pinned").path("id").asText());
            assertEquals("Giveaway at 9 pm", early.expect("room.pinned").path("pinned").path("text").asText());
            JsonNode joined = join(late, roomId);
            assertEquals("Giveaway at 9 pm", joined.path("pinned").path("text").asText());
            assertEquals("p-host", joined.path("pinned").path("by").path("userId").asText());
            assertEquals("viewer", joined.path("role").asText());

            send(host, "room.pin", roomId, "");
            host.expect("room.pinned");
            assertTrue(late.expect("room.pinned").path("pinned").isMissingNode(), "unpinned");
        }
    }

    @Test
    void likesFromTwoViewersReachTheHostCoalescedAndAreRateLimited() throws InterruptedException {
        try (WsClient host = server.user("l-host", Role.CREATOR);
             WsClient a = server.user("l-a", Role.VIEWER);
             WsClient b = server.user("l-b", Role.VIEWER);
             WsClient outsider = server.user("l-out", Role.VIEWER)) {
            String roomId = startShow(host);
            join(a, roomId);
            join(b, roomId);
            for (int i = 0; i < 10; i++) {
                a.send("{\"type\":\"like.send\",\"roomId\":\"" + roomId + "\"}");
                b.send("{\"type\":\"like.send\",\"roomId\":\"" + roomId + "\"}");
            }
            List<JsonNode> events = new ArrayList<>();
            long total = 0;
            while (total < 20) {
                JsonNode likes = host.expect("likes");
                events.add(likes);
                total = likes.path("total").asLong();
            }
            assertEquals(20, events.stream().mapToLong(e -> e.path("count").asLong()).sum(), events.toString());
            assertTrue(events.size() <= 3, "20 likes in one burst come as a few coalesced events: " + events);
            assertEquals(20, join(outsider, roomId).path("likes").asLong(), "room.joined carries the total");

            int refused = 0;
            for (int i = 0; i < 40; i++) {
                b.send("{\"type\":\"like.send\",\"id\":" + i + ",\"roomId\":\"" + roomId + "\"}");
            }
            long deadline = System.currentTimeMillis() + 1000;
            while (System.currentTimeMillis() < deadline) {
                JsonNode message = b.next();
                if ("error".equals(message.path("type").asText())) {
                    assertEquals("rate_limited", message.path("code").asText());
                    refused++;
                }
                if (refused >= 10) {
                    break;
                }
            }
            assertTrue(refused >= 10, "a user's likes beyond room.likeBurst are refused, got " + refused);
        }
    }

    @Test
    void reportsOfAMessageCarryWhatTheServerDelivered() {
        try (WsClient host = server.user("t-host", Role.CREATOR);
             WsClient rude = server.user("t-rude", Role.VIEWER);
             WsClient reporter = server.user("t-reporter", Role.VIEWER)) {
            String roomId = startShow(host);
            join(rude, roomId);
            join(reporter, roomId);
            chat(rude, roomId, "you are all awful");
            String msgId = reporter.expect("chat").path("msgId").asText();

            send(reporter, "report.send", roomId, ",\"messageId\":\"" + msgId + "\",\"reason\":\"harassment\"");
            String reportId = reporter.expect("report.received").path("reportId").asText();
            assertFalse(reportId.isEmpty());
            Report filed = server.moderation.reports().stream()
                    .filter(r -> r.roomId().equals(roomId)).findFirst().orElseThrow();
            assertEquals("t-reporter", filed.reporterId());
            assertEquals("t-rude", filed.userId());
            assertEquals("you are all awful", filed.text());
            assertEquals("harassment", filed.reason());

            send(reporter, "report.send", roomId, ",\"reason\":\"spam\"");
            reporter.expect("report.received");
            Report show = server.moderation.reports().stream()
                    .filter(r -> r.roomId().equals(roomId) && r.messageId() == null).findFirst().orElseThrow();
            assertEquals("t-host", show.userId());
            assertNull(show.text());

            send(reporter, "report.send", roomId, ",\"messageId\":\"m999\",\"reason\":\"spam\"");
            reporter.expectError("not_found");
            send(reporter, "report.send", roomId, ",\"reason\":\"because\"");
            reporter.expectError("bad_request");
        }
    }

    @Test
    void welcomeTellsTheClientAboutTheDeployment() {
        try (WsClient client = server.connect()) {
            client.send("{\"type\":\"auth\",\"id\":\"a\",\"token\":\"" + server.token("c-user", Role.VIEWER) + "\"}");
            JsonNode settings = client.expect("welcome").path("client");
            assertTrue(settings.path("devMode").isBoolean());
            assertEquals("https://shop.test/coins", settings.path("buyCoinsUrl").asText());
            assertEquals(250, settings.path("giftConfirmAbove").asLong());
        }
    }
}

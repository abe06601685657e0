package io.livestage.signaling.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of bad input gets its typed error (with the request id when there is one), and
 * neither the sender's connection nor a bystander in the same show is disturbed.
 */
class BadInputTest {
    private static TestServer server;
    private WsClient host;
    private WsClient bystander;
    private WsClient client;
    private String roomId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void showWithABystander(TestInfo info) {
        String tag = Integer.toHexString(info.getDisplayName().hashCode());
        host = server.user("host-" + tag, Role.CREATOR);
        host.send("{\"type\":\"show.start\",\"title\":\"Robust\"}");
        roomId = host.expect("show.started").path("roomId").asText();
        bystander = server.user("bystander-" + tag, Role.VIEWER);
        bystander.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
        bystander.expect("room.joined");
        client = server.user("client-" + tag, Role.VIEWER);
        client.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
        client.expect("room.joined");
    }

    @AfterEach
    void othersAreUnaffected() {
        bystander.assertAlive();
        host.send("{\"type\":\"chat.send\",\"roomId\":\"" + roomId + "\",\"text\":\"still here\"}");
        // Chat the test's client sent may still be on its way to the bystander (it travels another
        // connection than the bystander's pong): skip it; the host's message must arrive in time.
        JsonNode chat = bystander.expect("chat");
        while (!chat.path("text").asText().equals("still here")) {
            chat = bystander.expect("chat");
        }
        host.close();
        bystander.close();
        client.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"type":"ping","id":1                                   | bad_request |      | malformed JSON
            not an object           | [1,2,3]                                                  | bad_request |      | JSON object
            trailing garbage        | {"type":"ping","id":1} x                                 | bad_request |      | malformed JSON
            missing type            | {"id":"t1"}                                              | bad_request | t1   | 'type'
            type not a string       | {"id":"t2","type":5}                                     | bad_request | t2   | 'type'
            unknown type            | {"id":"t3","type":"show.explode"}                        | bad_request | t3   | unknown type
            missing field           | {"id":"t4","type":"room.join"}                           | bad_request | t4   | 'roomId' is required
            wrong-typed field       | {"id":"t5","type":"room.join","roomId":42}               | bad_request | t5   | 'roomId' must be a string
            empty field             | {"id":"t6","type":"room.join","roomId":"  "}             | bad_request | t6   | must not be empty
            oversized id field      | {"id":"t7","type":"room.join","roomId":"RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR"} | bad_request | t7 | too long
            bad id type             | {"id":{"a":1},"type":"ping"}                             | bad_request |      | 'id'
            unknown room            | {"id":"t8","type":"room.join","roomId":"nope"}           | not_found   | t8   | no live show
            wrong role              | {"id":"t9","type":"show.start","title":"Mine"}           | forbidden   | t9   | creator
            chat outside the room   | {"id":"t10","type":"chat.send","roomId":"nope","text":"hi"} | not_found | t10 | no live show
            media not yet available | {"id":"t11","type":"media.answer","subscriptionId":"s1","sdp":"v=0"} | unavailable | t11 | not available
            gift into no live show  | {"id":"t12","type":"gift.send","roomId":"r1","giftId":"rose","count":1,"key":"k1"} | bad_request | t12 | is not live
            consultant not there    | {"id":"t13","type":"call.request","consultantId":"c1"}   | not_found   | t13  | not available
            unknown call            | {"id":"t16","type":"call.accept","callId":"c1"}          | not_found   | t16  | no call
            call id missing         | {"id":"t17","type":"call.resume"}                        | bad_request | t17  | 'callId' is required
            status not a boolean    | {"id":"t18","type":"consultant.status","available":1}    | bad_request | t18  | 'available'
            bad count               | {"id":"t14","type":"gift.send","roomId":"r1","giftId":"rose","count":0,"key":"k"} | bad_request | t14 | 'count'
            bad layer               | {"id":"t15","type":"media.layer","subscriptionId":"s","layer":"ultra"} | bad_request | t15 | 'layer'
            no layers without media | {"id":"t19","type":"media.layer","subscriptionId":"s","layer":"low"} | unavailable | t19 | not available
            """)
    void typedErrorAndTheConnectionStaysUsable(String name, String frame, String code, String id, String messagePart) {
        client.send(frame);
        JsonNode error = client.expectError(code);
        if (id == null) {
            assertTrue(error.path("id").isMissingNode(), error.toString());
        } else {
            assertEquals(id, error.path("id").asText());
        }
        assertTrue(error.path("message").asText().contains(messagePart), error.toString());
        assertFalse(error.toString().contains("Exception"), "no stack trace or exception names: " + error);
        client.assertAlive();
    }

    @Test
    void numericIdsAreEchoed() {
        client.send("{\"type\":\"room.join\",\"id\":12345678901,\"roomId\":\"missing\"}");
        assertEquals(12345678901L, client.expectError("not_found").path("id").asLong());
    }

    @Test
    void chatOverTheLengthCapIsRefused() {
        client.send("{\"type\":\"chat.send\",\"id\":\"long\",\"roomId\":\"" + roomId + "\",\"text\":\"" + "a".repeat(501) + "\"}");
        assertTrue(client.expectError("bad_request").path("message").asText().contains("'text' is too long"));
        client.send("{\"type\":\"chat.send\",\"id\":\"ok\",\"roomId\":\"" + roomId + "\",\"text\":\"" + "é".repeat(500) + "\"}");
        assertEquals("ok", client.expect("chat").path("id").asText());
        client.assertAlive();
    }

    @Test
    void chatFloodIsRateLimited() {
        int delivered = 0;
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            client.send("{\"type\":\"chat.send\",\"id\":" + i + ",\"roomId\":\"" + roomId + "\",\"text\":\"spam " + i + "\"}");
        }
        for (int i = 0; i < 12; i++) {
            JsonNode reply = client.next();
            if (reply.path("type").asText().equals("chat")) {
                delivered++;
            } else if (reply.path("code").asText().equals("rate_limited")) {
                limited++;
            } else {
                i--;
            }
        }
        assertTrue(delivered >= 5 && delivered <= 7, "burst of 5 (plus refill) expected, got " + delivered);
        assertEquals(12, delivered + limited);
        // Others see exactly the messages that were let through, none of the refused ones.
        for (int i = 0; i < delivered; i++) {
            assertTrue(bystander.expect("chat").path("text").asText().startsWith("spam "));
        }
        client.assertAlive();
    }

    @Test
    void requestFloodIsRateLimitedPerConnection() {
        for (int i = 0; i < 150; i++) {
            client.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        int limited = 0;
        for (int i = 0; i < 150; i++) {
            JsonNode reply = client.next();
            if (reply.path("code").asText().equals("rate_limited")) {
                limited++;
                // Refused unread, the request still gets its answer.
                assertTrue(reply.path("id").isInt(), reply.toString());
            }
        }
        assertTrue(limited > 0, "150 requests at once must exceed the burst of 100");
    }

    @Test
    void malformedAndBinaryFramesSpendTheRequestBudget() {
        // 150 frames that only earn errors, against a burst of 100 refilled at 50 a second.
        for (int i = 0; i < 75; i++) {
            client.send("{");
            client.sendBinary(new byte[] {1});
        }
        client.send("{\"type\":\"ping\",\"id\":\"after\"}");
        JsonNode reply;
        do {
            reply = client.next();
        } while (!reply.path("id").asText().equals("after"));
        assertEquals("rate_limited", reply.path("code").asText(), reply.toString());
    }

    @Test
    void binaryFramesAreRefused() {
        client.sendBinary(new byte[] {1, 2, 3});
        assertTrue(client.expectError("bad_request").path("message").asText().contains("binary"));
        client.assertAlive();
    }

    @Test
    void frameOverTheLimitClosesWith1009() {
        client.send("{\"type\":\"chat.send\",\"roomId\":\"" + roomId + "\",\"text\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(1009, client.awaitClose());
    }
}

package io.livestage.loadtest.calls;

import static io.livestage.loadtest.calls.CallAssertions.errorCode;
import static io.livestage.loadtest.calls.PaidCallEndToEndTest.assertEnded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.signaling.auth.Role;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every way a call request can be wrong gets a typed error and changes nothing; nobody else gets in. */
class CallRulesTest {

    @Test
    @Timeout(60)
    void badCallRequestsAreRefusedWithTypedErrorsAndNothingIsCharged() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty poor = calls.caller("poor", 29);
            CallParty minor = calls.connect(calls.user("minor"), false, null, Role.VIEWER);
            calls.credit(minor.userId(), 1000);

            assertEquals("forbidden", errorCode(minor.request("call.request", "consultantId", consultant.userId())));
            assertEquals("insufficient_funds", errorCode(poor.request("call.request", "consultantId", consultant.userId())));
            assertEquals("not_found", errorCode(poor.request("call.request", "consultantId", calls.user("nobody"))));
            assertEquals("bad_request", errorCode(consultant.request("call.request", "consultantId", consultant.userId())));
            assertEquals("bad_request", errorCode(poor.request(SignalingClient.message("call.request"))));
            assertFalse(consultant.hasPending("call.incoming"), "refused requests never ring");
            assertEquals(29, calls.balance(poor.userId()));

            assertEquals("forbidden", errorCode(poor.request("consultant.status", "available", true)));
            CallParty greedy = calls.connect(calls.user("greedy"), true, 5000L, Role.CONSULTANT);
            assertEquals("bad_request", errorCode(greedy.request("consultant.status", "available", true)));
            CallParty plain = calls.connect(calls.user("plain"), true, null, Role.CONSULTANT);
            JsonNode status = plain.request("consultant.status", "available", true).get(10, TimeUnit.SECONDS);
            assertEquals(10, status.path("ratePerMinute").asLong(), "tokens without a rate get the default");

            JsonNode list = poor.request(SignalingClient.message("consultant.list")).get(10, TimeUnit.SECONDS);
            assertEquals(2, list.path("consultants").size(), list.toString());
            assertEquals(plain.userId(), list.path("consultants").get(0).path("userId").asText(), "cheapest first");
            assertEquals(30, list.path("consultants").get(1).path("ratePerMinute").asLong());

            plain.request("consultant.status", "available", false).get(10, TimeUnit.SECONDS);
            assertEquals("not_found", errorCode(poor.request("call.request", "consultantId", plain.userId())));
        }
    }

    @Test
    @Timeout(60)
    void callMessagesForUnknownOrOtherPeoplesCallsAreRefused() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 100);
            CallParty other = calls.caller("eve", 100);

            assertEquals("not_found", errorCode(caller.request("call.accept", "callId", "c-unknown")));
            assertEquals("not_found", errorCode(caller.request("call.end", "callId", "c-unknown")));
            assertEquals("not_found", errorCode(caller.request("call.resume", "callId", "c-unknown")));

            String callId = CallHarness.ring(caller, consultant);
            assertEquals("conflict", errorCode(other.request("call.request", "consultantId", consultant.userId())),
                    "a rung consultant is busy");
            assertEquals("conflict", errorCode(caller.request("call.request", "consultantId", consultant.userId())),
                    "one call at a time");
            assertEquals("forbidden", errorCode(caller.request("call.accept", "callId", callId)), "the caller cannot accept");
            assertEquals("forbidden", errorCode(other.request("call.accept", "callId", callId)));
            assertEquals("forbidden", errorCode(other.request("call.decline", "callId", callId)));
            assertEquals("forbidden", errorCode(other.request("call.end", "callId", callId)));
            assertEquals("conflict", errorCode(caller.request("call.resume", "callId", callId)), "not started yet");

            String roomId = consultant.request("call.accept", "callId", callId).get(10, TimeUnit.SECONDS)
                    .path("roomId").asText();
            assertEquals("conflict", errorCode(consultant.request("call.accept", "callId", callId)));
            assertEquals("conflict", errorCode(consultant.request("call.decline", "callId", callId)));
            assertEquals("forbidden", errorCode(other.request("call.resume", "callId", callId)));

            // The private room: a third party can neither join, subscribe, publish, nor trickle into it.
            assertEquals("not_found", errorCode(other.request("room.join", "roomId", roomId)));
            assertEquals("forbidden", errorCode(other.request("media.subscribe", "roomId", roomId)));
            assertEquals("forbidden", errorCode(other.request(SignalingClient.message("media.publish")
                    .put("roomId", roomId).put("sdp", "v=0"))));
            assertEquals("forbidden", errorCode(other.request(SignalingClient.message("media.candidate")
                    .put("roomId", roomId).put("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"))));
            assertEquals("not_found", errorCode(other.request(SignalingClient.message("chat.send")
                    .put("roomId", roomId).put("text", "hello?"))));
            JsonNode shows = other.request(SignalingClient.message("show.list")).get(10, TimeUnit.SECONDS);
            assertEquals(0, shows.path("shows").size(), "calls are not listed as shows");

            assertEnded(caller.request("call.end", "callId", callId).get(10, TimeUnit.SECONDS), "hangup", 0, 30);
            assertEquals("not_found", errorCode(caller.request("call.end", "callId", callId)), "ending twice");
            assertEquals("not_found", errorCode(consultant.request("call.end", "callId", callId)));
            assertEquals("not_found", errorCode(caller.request("media.subscribe", "roomId", roomId)), "the room is gone");
            assertEquals(70, calls.balance(caller.userId()));
        }
    }

    @Test
    @Timeout(60)
    void declinedAndUnansweredCallsCostNothing() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 100);

            String declined = CallHarness.ring(caller, consultant);
            assertEnded(consultant.request("call.decline", "callId", declined).get(10, TimeUnit.SECONDS), "declined", 0, 0);
            assertEnded(caller.next("call.ended"), "declined", 0, 0);

            String unanswered = CallHarness.ring(caller, consultant);
            calls.advance(CallHarness.RING_TIMEOUT_MS - 1);
            assertFalse(caller.hasPending("call.ended"));
            calls.advance(1);
            assertEnded(caller.next("call.ended"), "no_answer", 0, 0);
            assertEnded(consultant.next("call.ended"), "no_answer", 0, 0);
            assertEquals("not_found", errorCode(consultant.request("call.accept", "callId", unanswered)));

            String cancelled = CallHarness.ring(caller, consultant);
            assertEnded(caller.request("call.end", "callId", cancelled).get(10, TimeUnit.SECONDS), "hangup", 0, 0);
            assertEnded(consultant.next("call.ended"), "hangup", 0, 0);

            assertEquals(100, calls.balance(caller.userId()));
            assertEquals(0, calls.earnings(consultant.userId()));
            assertTrue(calls.minutesOf(declined).isEmpty() && calls.minutesOf(unanswered).isEmpty());
        }
    }
}

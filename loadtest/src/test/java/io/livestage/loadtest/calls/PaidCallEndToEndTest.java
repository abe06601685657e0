package io.livestage.loadtest.calls;

import static io.livestage.loadtest.calls.CallHarness.MINUTE_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.loadtest.webrtc.JavaPublisher;
import io.livestage.signaling.auth.Role;
import io.livestage.loadtest.webrtc.JavaSubscriber;
import io.livestage.loadtest.webrtc.PublisherOptions;
import io.livestage.loadtest.webrtc.ReceivedTrackStats;
import io.livestage.loadtest.webrtc.SentStreamStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real peers hold a private, billed call through the real server: each publishes and receives
 * the other's media over ICE/DTLS/SRTP, every started minute is charged once at its start, and the
 * consultant's earnings equal the caller's debits exactly.
 */
class PaidCallEndToEndTest {

    @Test
    @Timeout(60)
    void aCallIsRungAcceptedCarriesMediaBothWaysAndBillsEveryStartedMinute() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 100);

            JsonNode ringing = caller.request("call.request", "consultantId", consultant.userId()).get(10, TimeUnit.SECONDS);
            assertEquals("call.ringing", ringing.path("type").asText());
            assertEquals(30, ringing.path("ratePerMinute").asLong());
            String callId = ringing.path("callId").asText();
            JsonNode incoming = consultant.next("call.incoming");
            assertEquals(callId, incoming.path("callId").asText());
            assertEquals(caller.userId(), incoming.path("from").path("userId").asText());
            assertEquals(30, incoming.path("ratePerMinute").asLong());

            JsonNode started = consultant.request("call.accept", "callId", callId).get(10, TimeUnit.SECONDS);
            assertEquals("call.started", started.path("type").asText());
            String roomId = started.path("roomId").asText();
            assertEquals(roomId, caller.next("call.started").path("roomId").asText());
            assertBilling(caller.next("call.billing"), 30, 70, 60 + 2 * 60);

            caller.startMedia(roomId, calls.peers(), PublisherOptions.defaults()).get(20, TimeUnit.SECONDS);
            consultant.startMedia(roomId, calls.peers(), PublisherOptions.defaults()).get(20, TimeUnit.SECONDS);
            await(() -> receivesEverything(caller, consultant) && receivesEverything(consultant, caller));
            assertReceivesOnlyTheOther(caller, consultant);
            assertReceivesOnlyTheOther(consultant, caller);

            calls.advance(MINUTE_MS - 1);
            assertFalse(caller.hasPending("call.billing"), "nothing is charged before the minute starts");
            calls.advance(1);
            assertBilling(caller.next("call.billing"), 60, 40, 60 + 60);
            calls.advance(MINUTE_MS / 2);

            JsonNode ended = caller.request("call.end", "callId", callId).get(10, TimeUnit.SECONDS);
            assertEnded(ended, "hangup", 90, 60);
            assertEnded(consultant.next("call.ended"), "hangup", 90, 60);

            assertEquals(40, calls.balance(caller.userId()));
            assertEquals(60, calls.earnings(consultant.userId()));
            List<Map<String, String>> minutes = calls.minutesOf(callId);
            assertEquals(List.of("0", "1"), minutes.stream().map(m -> m.get("minute")).toList());
            for (Map<String, String> minute : minutes) {
                assertEquals(caller.userId(), minute.get("from"));
                assertEquals(consultant.userId(), minute.get("to"));
                assertEquals("30", minute.get("amount"));
                assertEquals(roomId, minute.get("room"));
            }
            assertEquals(2, calls.metric("livestage_calls_minutes_billed_total"));
            assertEquals(60, calls.metric("livestage_calls_coins_moved_total"));
            assertEquals(1, calls.metric("livestage_calls_ended_total{reason=\"hangup\"}"));
            assertEquals(1, calls.metric("livestage_calls_setup_seconds_count"));
            assertEquals(0, calls.metric("livestage_calls_active"));
            assertEquals(0, calls.metric("livestage_calls_ringing"));
        }
    }

    @Test
    @Timeout(60)
    void aCallEndsWithInsufficientFundsAtTheStartOfTheMinuteItCannotPay() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 70);
            String callId = CallHarness.call(caller, consultant).callId();
            assertBilling(caller.next("call.billing"), 30, 40, 60 + 60);
            calls.advance(MINUTE_MS);
            assertBilling(caller.next("call.billing"), 60, 10, 60);

            calls.advance(MINUTE_MS);
            assertEnded(caller.next("call.ended"), "insufficient_funds", 120, 60);
            assertEnded(consultant.next("call.ended"), "insufficient_funds", 120, 60);
            assertEquals(10, calls.balance(caller.userId()));
            assertEquals(60, calls.earnings(consultant.userId()));
            assertEquals(2, calls.minutesOf(callId).size());
            assertEquals(1, calls.metric("livestage_calls_ended_total{reason=\"insufficient_funds\"}"));
        }
    }

    @Test
    @Timeout(60)
    void aCallerBackWithinTheGracePeriodResumesWithoutPayingTwiceAndMediaFlowsAgain() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 1000);
            CallHarness.Call call = CallHarness.call(caller, consultant);
            String callId = call.callId();
            String roomId = call.roomId();
            caller.next("call.billing");
            caller.startMedia(roomId, calls.peers(), PublisherOptions.defaults()).get(20, TimeUnit.SECONDS);
            consultant.startMedia(roomId, calls.peers(), PublisherOptions.defaults()).get(20, TimeUnit.SECONDS);
            await(() -> receivesEverything(consultant, caller));

            calls.advance(MINUTE_MS / 2);
            caller.close().get(10, TimeUnit.SECONDS);
            JsonNode away = consultant.next("call.peer");
            assertEquals("away", away.path("state").asText());
            assertEquals(caller.userId(), away.path("userId").asText());

            // Away time is not billed: 25 s away, then 30 s more of call, still inside the paid first minute.
            calls.advance(CallHarness.GRACE_MS - 5_000);
            CallParty back = calls.caller("bob", 0);
            JsonNode resumed = back.request("call.resume", "callId", callId).get(10, TimeUnit.SECONDS);
            assertEquals("call.started", resumed.path("type").asText());
            assertEquals(roomId, resumed.path("roomId").asText());
            assertBilling(back.next("call.billing"), 30, 970, 30 + 32 * 60);
            assertEquals("back", consultant.next("call.peer").path("state").asText());

            back.startMedia(roomId, calls.peers(), PublisherOptions.defaults()).get(20, TimeUnit.SECONDS);
            await(() -> receivesEverything(back, consultant) && receivesEverything(consultant, back));

            calls.advance(MINUTE_MS / 2 - 1);
            assertFalse(back.hasPending("call.billing"), "the first minute still runs: " + back);
            calls.advance(1);
            assertBilling(back.next("call.billing"), 60, 940, 60 + 31 * 60);

            assertEnded(consultant.request("call.end", "callId", callId).get(10, TimeUnit.SECONDS), "hangup", 60, 60);
            assertEnded(back.next("call.ended"), "hangup", 60, 60);
            assertEquals(List.of("0", "1"), calls.minutesOf(callId).stream().map(m -> m.get("minute")).toList());
            assertEquals(940, calls.balance(caller.userId()));
            assertEquals(60, calls.earnings(consultant.userId()));
        }
    }

    @Test
    @Timeout(60)
    void aSideAwayPastTheGracePeriodEndsTheCallWithPeerLost() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 1000);
            String callId = CallHarness.call(caller, consultant).callId();
            caller.next("call.billing");
            calls.advance(10_000);

            consultant.close().get(10, TimeUnit.SECONDS);
            assertEquals("away", caller.next("call.peer").path("state").asText());
            calls.advance(CallHarness.GRACE_MS - 1);
            assertFalse(caller.hasPending("call.ended"));
            calls.advance(1);
            assertEnded(caller.next("call.ended"), "peer_lost", 10, 30);
            assertEquals(970, calls.balance(caller.userId()));
            assertEquals(30, calls.earnings(consultant.userId()));
            assertEquals(1, calls.minutesOf(callId).size());

            CallParty late = calls.connect(consultant.userId(), true, 30L, Role.CONSULTANT);
            assertEquals("not_found", CallAssertions.errorCode(late.request("call.resume", "callId", callId)));
        }
    }

    static void assertBilling(JsonNode billing, long charged, long balance, long secondsLeft) {
        assertEquals(charged, billing.path("charged").asLong(), billing.toString());
        assertEquals(balance, billing.path("balance").asLong(), billing.toString());
        assertEquals(secondsLeft, billing.path("secondsLeft").asLong(), billing.toString());
    }

    static void assertEnded(JsonNode ended, String reason, long durationSec, long charged) {
        assertEquals("call.ended", ended.path("type").asText(), ended.toString());
        assertEquals(reason, ended.path("reason").asText(), ended.toString());
        assertEquals(durationSec, ended.path("durationSec").asLong(), ended.toString());
        assertEquals(charged, ended.path("charged").asLong(), ended.toString());
    }

    /** Every packet the sender's publisher sent so far reached the receiver, in order, with its payload. */
    private static boolean receivesEverything(CallParty receiver, CallParty sender) {
        JavaSubscriber subscriber = receiver.subscriber();
        JavaPublisher publisher = sender.publisher();
        if (subscriber == null || publisher == null || publisher.sent().size() < 2) {
            return false;
        }
        for (SentStreamStats sent : publisher.sent()) {
            ReceivedTrackStats received = subscriber.received(sent.ssrc());
            if (received == null || received.packets() < 20 || received.payloadMismatches() != 0) {
                return false;
            }
        }
        return true;
    }

    private static void assertReceivesOnlyTheOther(CallParty receiver, CallParty other) {
        for (SentStreamStats own : receiver.publisher().sent()) {
            assertEquals(null, receiver.subscriber().received(own.ssrc()), "nobody gets their own media back");
        }
        for (SentStreamStats sent : other.publisher().sent()) {
            ReceivedTrackStats received = receiver.subscriber().received(sent.ssrc());
            assertEquals(0, received.payloadMismatches(), received.toString());
            assertEquals(0, received.outOfOrder(), received.toString());
        }
        assertEquals(0, receiver.subscriber().peer().stats().decryptFailed());
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 15 s");
            Thread.sleep(20);
        }
    }
}

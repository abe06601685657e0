package io.livestage.loadtest.calls;

import static io.livestage.loadtest.calls.PaidCallEndToEndTest.assertEnded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The money adds up over many calls at once and across a server restart in the middle of a call. */
class CallMoneyTest {

    @Test
    @Timeout(90)
    void manyConcurrentCallsChargeExactlyTheirStartedMinutes() throws Exception {
        int pairs = 24;
        try (CallHarness calls = new CallHarness()) {
            List<CallParty> consultants = new ArrayList<>();
            List<CallParty> callers = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                consultants.add(calls.consultant("ada" + i, 10 + i));
                // Caller i can pay i + 1 minutes: some calls run out of money along the way.
                callers.add(calls.caller("bob" + i, (long) (10 + i) * (i % 6 + 1)));
            }
            List<CompletableFuture<JsonNode>> ringing = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                ringing.add(callers.get(i).request("call.request", "consultantId", consultants.get(i).userId()));
            }
            List<String> callIds = new ArrayList<>();
            for (CompletableFuture<JsonNode> ring : ringing) {
                callIds.add(ring.get(10, TimeUnit.SECONDS).path("callId").asText());
            }
            List<CompletableFuture<JsonNode>> accepting = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                consultants.get(i).next("call.incoming");
                accepting.add(consultants.get(i).request("call.accept", "callId", callIds.get(i)));
            }
            for (CompletableFuture<JsonNode> accept : accepting) {
                assertEquals("call.started", accept.get(10, TimeUnit.SECONDS).path("type").asText());
            }
            for (CallParty caller : callers) {
                caller.next("call.billing");
            }
            // Four minutes pass (minutes 1..4 start), then everyone still talking hangs up.
            for (int minute = 1; minute <= 4; minute++) {
                calls.advance(CallHarness.MINUTE_MS);
                for (int i = 0; i < pairs; i++) {
                    int affordable = i % 6 + 1;
                    if (affordable > minute) {
                        callers.get(i).next("call.billing");
                    } else if (affordable == minute) {
                        assertEnded(callers.get(i).next("call.ended"), "insufficient_funds", (long) minute * 60,
                                (long) (10 + i) * affordable);
                    }
                }
            }
            long debited = 0;
            long earned = 0;
            long ledger = 0;
            for (int i = 0; i < pairs; i++) {
                long rate = 10 + i;
                long minutes = Math.min(i % 6 + 1, 5);
                if (i % 6 + 1 > 4) {
                    JsonNode ended = callers.get(i).request("call.end", "callId", callIds.get(i)).get(10, TimeUnit.SECONDS);
                    assertEnded(ended, "hangup", 240, minutes * rate);
                }
                long funded = rate * (i % 6 + 1);
                long balance = calls.balance(callers.get(i).userId());
                assertEquals(funded - minutes * rate, balance, "caller " + i);
                assertEquals(minutes * rate, calls.earnings(consultants.get(i).userId()), "consultant " + i);
                List<Map<String, String>> entries = calls.minutesOf(callIds.get(i));
                assertEquals(minutes, entries.size(), "ledger of call " + i);
                debited += funded - balance;
                earned += calls.earnings(consultants.get(i).userId());
                ledger += entries.stream().mapToLong(e -> Long.parseLong(e.get("amount"))).sum();
            }
            assertEquals(debited, earned);
            assertEquals(debited, ledger);
            assertEquals(debited, (long) calls.metric("livestage_calls_coins_moved_total"));
        }
    }

    @Test
    @Timeout(60)
    void aServerRestartMidCallChargesOnlyStartedMinutesAndLeavesNoHold() throws Exception {
        try (CallHarness calls = new CallHarness()) {
            CallParty consultant = calls.consultant("ada", 30);
            CallParty caller = calls.caller("bob", 1000);
            String callId = CallHarness.call(caller, consultant).callId();
            calls.advance(CallHarness.MINUTE_MS);
            caller.next("call.billing");
            caller.next("call.billing");
            calls.advance(CallHarness.MINUTE_MS / 2);

            calls.restartServer();
            assertEnded(caller.next("call.ended"), "server_shutdown", 90, 60);
            assertEnded(consultant.next("call.ended"), "server_shutdown", 90, 60);
            calls.advance(10 * CallHarness.MINUTE_MS);

            assertEquals(940, calls.balance(caller.userId()));
            assertEquals(60, calls.earnings(consultant.userId()));
            assertEquals(2, calls.minutesOf(callId).size());
            // What Redis holds afterwards: wallets, purchases, the ledger and the call's billing record; no hold.
            for (String key : calls.keys()) {
                assertTrue(key.startsWith("wallet:") || key.startsWith("purchase:") || key.equals("ledger")
                        || key.startsWith("call:") || key.equals("gifts"), key);
            }
            assertEquals("2", calls.redis.hget(calls.prefix + ":call:" + callId, "minutes"));

            CallParty again = calls.consultant("ada", 30);
            CallParty back = calls.caller("bob", 0);
            assertEquals("not_found", CallAssertions.errorCode(back.request("call.resume", "callId", callId)),
                    "calls do not survive a restart");
            String next = back.request("call.request", "consultantId", again.userId()).get(10, TimeUnit.SECONDS)
                    .path("callId").asText();
            assertTrue(!next.equals(callId));
        }
    }
}

package io.livestage.server.chaos;

import static io.livestage.server.chaos.ChaosSupport.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.server.LiveStageServer;
import io.livestage.server.TestClient;
import io.livestage.server.TestServers;
import io.livestage.signaling.call.ManualCallClock;
import io.livestage.testsupport.OwnedRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Paid calls through the assembled server while its Redis is killed (SIGKILL) and restarted from its
 * append-only file with minute charges in flight, while Redis holds every write longer than the server
 * waits (charges commit after the server gave up on them) and calls end before the retry, and while Redis
 * is down as calls end. Billing minutes pass on a manual clock; Redis's faults are real. Afterwards every
 * call's {@code charged} (both parties' {@code call.ended}) equals its ledger entries and its call record,
 * and the wallets moved exactly that.
 */
class CallBillingChaosTest {
    private static final int CALLS = 8;
    private static final long MINUTE_MS = 60_000;
    /** {@code calls.defaultRate}: dev tokens carry no rate. */
    private static final long RATE = 10;
    private static final long COINS = 1_000;

    private final ManualCallClock clock = new ManualCallClock(1_000_000);
    /** Billed time so far: every call runs from the same instant and both sides stay connected. */
    private long elapsed;

    /** One call and what its caller was last told it cost. */
    private static final class Call {
        final TestClient caller;
        final TestClient consultant;
        final String callerId;
        final String consultantId;
        String callId;
        long charged;
        long reported = -1;

        Call(TestClient caller, TestClient consultant, String callerId, String consultantId) {
            this.caller = caller;
            this.consultant = consultant;
            this.callerId = callerId;
            this.consultantId = consultantId;
        }
    }

    @Test
    @Timeout(90)
    void everyCallReportsExactlyWhatItsLedgerHoldsThroughCrashesAndStalls() throws Exception {
        long began = System.nanoTime();
        List<Call> calls = new ArrayList<>();
        try (OwnedRedis redis = OwnedRedis.launch();
             LiveStageServer server = TestServers.start(ChaosSupport.settings(redis), clock)) {
            ChaosSupport.awaitReady(server);
            try {
                for (int i = 0; i < CALLS; i++) {
                    Call call = new Call(TestClient.as(server, "chaos-caller" + i, "viewer", true),
                            TestClient.as(server, "chaos-consultant" + i, "consultant", true),
                            "chaos-caller" + i, "chaos-consultant" + i);
                    calls.add(call);
                    ChaosSupport.credit(server, call.callerId, COINS);
                    call.consultant.request(TestClient.message("consultant.status").put("available", true));
                    call.callId = call.caller.request(TestClient.message("call.request")
                            .put("consultantId", call.consultantId)).path("callId").asText();
                    call.consultant.event("call.incoming");
                    JsonNode started = call.consultant.request(TestClient.message("call.accept").put("callId", call.callId));
                    assertEquals("call.started", started.path("type").asText(), started.toString());
                }
                awaitCharged(calls, RATE);
                int restarts = 0;

                // 1. Redis dies with minute 1's charges on their way; they are retried once a second until paid.
                advance(MINUTE_MS);
                redis.crash();
                Thread.sleep(500);
                redis.start();
                restarts++;
                awaitCharged(calls, 2 * RATE);

                // 2. Redis holds minute 2's charges past the server's 1 s timeout, then commits them. Half the calls
                // end before any retry; the rest retry and are answered with the committed charge.
                redis.pauseWrites(1_500);
                advance(MINUTE_MS - elapsed % MINUTE_MS);
                Thread.sleep(2_000);
                for (Call call : calls) {
                    assertTrue(call.caller.drain("call.billing").isEmpty(), "minute 2 timed out for " + call.callerId);
                }
                List<Call> endedEarly = IntStream.range(0, CALLS).filter(i -> i % 2 == 0).mapToObj(calls::get).toList();
                List<Call> going = IntStream.range(0, CALLS).filter(i -> i % 2 == 1).mapToObj(calls::get).toList();
                for (Call call : endedEarly) {
                    hangUp(call);
                    assertEquals(3 * RATE, call.reported, "the minute that committed late is reported: " + call.callerId);
                }
                awaitCharged(going, 3 * RATE);

                // 3. Redis is down as minute 3 starts: its charges are refused outright. Half the remaining calls
                // end while it is down (nothing more was paid, nothing more is reported), the rest once it is back.
                redis.crash();
                Thread.sleep(300);
                advance(MINUTE_MS - elapsed % MINUTE_MS);
                List<Call> endedWhileDown = List.of(going.get(0), going.get(2));
                List<Call> lasting = List.of(going.get(1), going.get(3));
                for (Call call : endedWhileDown) {
                    hangUp(call);
                    assertEquals(3 * RATE, call.reported, call.callerId);
                }
                redis.start();
                restarts++;
                awaitCharged(lasting, 4 * RATE);
                for (Call call : lasting) {
                    hangUp(call);
                    assertEquals(4 * RATE, call.reported, call.callerId);
                }

                long moved = 0;
                for (Call call : calls) {
                    assertMoneyAddsUp(redis, call);
                    moved += call.reported;
                }
                double errors = TestServers.metric(server, "livestage_gifts_redis_errors_total");
                System.out.printf("chaos figures (calls): %d calls, %d minutes billed, %d coins; %.0f failed or timed-out "
                                + "Redis commands; %d minute charges committed after the server had given up on them "
                                + "(%d reported by the re-ask at the call's end, %d by the retry); %d Redis restarts "
                                + "(SIGKILL, AOF), 1 write stall of 1.5 s; every call's charged equals its ledger; %.1f s%n",
                        CALLS, moved / RATE, moved, errors, CALLS, endedEarly.size(), going.size(), restarts,
                        (System.nanoTime() - began) / 1e9);
            } finally {
                for (Call call : calls) {
                    call.caller.close();
                    call.consultant.close();
                }
            }
        }
    }

    private void advance(long millis) {
        clock.advance(millis);
        elapsed += millis;
    }

    /**
     * Waits until every caller was billed {@code total} so far, passing a second of the call clock at a time
     * so the calls' retries run, as the real clock would.
     */
    private void awaitCharged(List<Call> calls, long total) throws Exception {
        for (int step = 0; step < 30; step++) {
            boolean all = true;
            for (Call call : calls) {
                for (JsonNode billing : call.caller.drain("call.billing")) {
                    call.charged = Math.max(call.charged, billing.path("charged").asLong());
                }
                all &= call.charged >= total;
            }
            if (all) {
                for (Call call : calls) {
                    assertEquals(total, call.charged, call.callerId);
                }
                return;
            }
            advance(1_000);
            Thread.sleep(250);
        }
        throw new AssertionError("not every call was billed " + total + ": "
                + calls.stream().map(c -> c.callerId + "=" + c.charged).toList());
    }

    /** The caller hangs up; both parties must be told the same total. */
    private static void hangUp(Call call) throws Exception {
        JsonNode ended = call.caller.request(TestClient.message("call.end").put("callId", call.callId));
        assertEquals("call.ended", ended.path("type").asText(), ended.toString());
        JsonNode consultantCopy = call.consultant.event("call.ended");
        assertEquals(ended.path("charged").asLong(), consultantCopy.path("charged").asLong(), "both sides are told alike");
        call.reported = ended.path("charged").asLong();
    }

    /** What the call reported is what its ledger entries and call record hold, and what the wallets moved. */
    private static void assertMoneyAddsUp(OwnedRedis redis, Call call) {
        List<Map<String, String>> minutes = redis.stream(PREFIX + ":ledger").stream()
                .filter(entry -> "call_minute".equals(entry.get("kind")) && call.callId.equals(entry.get("call"))).toList();
        assertEquals(IntStream.range(0, minutes.size()).mapToObj(Integer::toString).toList(),
                minutes.stream().map(entry -> entry.get("minute")).toList(), "each minute once, in order: " + call.callId);
        assertEquals(call.reported, minutes.stream().mapToLong(entry -> Long.parseLong(entry.get("amount"))).sum(),
                "charged against the ledger of " + call.callId);
        assertEquals(Long.toString(call.reported), redis.hash(PREFIX + ":call:" + call.callId).get("charged"));
        assertEquals(COINS - call.reported, ChaosSupport.wallet(redis, call.callerId, "balance"), call.callerId);
        assertEquals(call.reported, ChaosSupport.wallet(redis, call.consultantId, "earnings"), call.consultantId);
    }
}

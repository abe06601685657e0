package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A paid consultation in two headless Chromiums: the consultant goes available at 10 coins a
 * minute, the caller (credited three minutes' worth) calls, the consultant accepts, both decode
 * each other's video and sound, the caller's meter counts the charges, and the call ends on both
 * sides when the coins run out. Minutes last {@value #MINUTE_MS} ms so the test takes seconds.
 */
class WebClientCallTest {
    private static final long MINUTE_MS = 4000;
    private static final long RATE = 10;
    private static final long MINUTES_PAID = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    @Timeout(120)
    void aConsultationIsBilledAndEndsWhenTheCallersCoinsRunOut() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_CALLS_MINUTE_MS", String.valueOf(MINUTE_MS)));
             HeadlessChromium consultantBrowser = HeadlessChromium.start();
             HeadlessChromium callerBrowser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            ClientPage consultant = new ClientPage(consultantBrowser, url).open();
            String entry = availableConsultant(consultant);
            ClientPage caller = new ClientPage(callerBrowser, url).open();
            creditedCaller(caller, server);
            call(caller, entry);

            consultant.awaitVisible("#incoming-call", TIMEOUT);
            assertTrue(consultant.text("#incoming-text").contains("Paul is calling you: " + RATE + " coins per minute"),
                    consultant.text("#incoming-text"));
            consultant.click("#accept-call");

            for (ClientPage side : List.of(caller, consultant)) {
                side.awaitScreen("call");
                side.awaitWatching(TIMEOUT);
            }
            caller.awaitVisible("#call-meter", TIMEOUT);
            caller.await("the first minute charged", () -> Long.parseLong(caller.text("#call-cost")) >= RATE, TIMEOUT);
            assertTrue(caller.text("#call-time-left").matches("\\d+:\\d\\d"), "time left " + caller.text("#call-time-left"));
            caller.screenshot("call-in-progress");

            caller.await("the second minute charged", () -> Long.parseLong(caller.text("#call-cost")) >= 2 * RATE, TIMEOUT);
            for (ClientPage side : List.of(caller, consultant)) {
                side.awaitVisible("#call-message", TIMEOUT);
                assertEquals("insufficient_funds", side.eval("document.querySelector('#call-message').dataset.reason"));
                assertTrue(side.text("#call-message").contains("ran out of coins"), side.text("#call-message"));
            }
            assertEquals(String.valueOf(RATE * MINUTES_PAID), caller.text("#call-cost"), "every paid minute is on the meter");
            assertEquals("0", caller.text("#call-balance"));
            assertTrue(caller.text("#call-summary").contains("cost " + RATE * MINUTES_PAID + " coins"), caller.text("#call-summary"));
            assertTrue(consultant.text("#call-summary").contains("earned " + RATE * MINUTES_PAID + " coins"),
                    consultant.text("#call-summary"));
            caller.screenshot("call-ended");
        }
    }

    /** The caller's page says why a call never started: declined, then not answered within the ring timeout. */
    @Test
    @Timeout(120)
    void aDeclinedAndAnUnansweredCallAreExplainedAndCostNothing() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_CALLS_RING_TIMEOUT_MS", "2000"));
             HeadlessChromium consultantBrowser = HeadlessChromium.start();
             HeadlessChromium callerBrowser = HeadlessChromium.start()) {
            String url = "http://127.0.0.1:" + server.httpPort();
            ClientPage consultant = new ClientPage(consultantBrowser, url).open();
            String entry = availableConsultant(consultant);
            ClientPage caller = new ClientPage(callerBrowser, url).open();
            creditedCaller(caller, server);

            call(caller, entry);
            consultant.awaitVisible("#incoming-call", TIMEOUT);
            consultant.click("#decline-call");
            assertEnded(caller, "declined", "declined the call");

            caller.click("#call-done");
            call(caller, entry);
            consultant.awaitVisible("#incoming-call", TIMEOUT);
            assertEnded(caller, "no_answer", "did not answer");
            consultant.await("the ringing dialog closes", () -> !consultant.visible("#incoming-call"), TIMEOUT);
            assertEquals(String.valueOf(RATE * MINUTES_PAID), caller.eval("document.querySelector('#coins-balance').textContent"),
                    "calls that never started cost nothing");
        }
    }

    /** Dr. Cole signs in and goes available at {@link #RATE}; the CSS selector of their entry in a caller's list. */
    private static String availableConsultant(ClientPage consultant) throws Exception {
        String consultantId = consultant.signIn("Dr. Cole", Set.of("consultant"), true, (int) RATE);
        consultant.click("#availability");
        consultant.awaitText("#availability-rate", "available at " + RATE + " coins per minute", TIMEOUT);
        return "#consultants-list li[data-user-id='" + consultantId + "']";
    }

    /** Paul signs in, credited with {@link #MINUTES_PAID} minutes' worth of coins. */
    private static void creditedCaller(ClientPage caller, LiveStageServer server) throws Exception {
        String callerId = caller.signIn("Paul", Set.of("viewer"), true, null);
        TestServers.credit(server.httpPort(), callerId, RATE * MINUTES_PAID);
    }

    /** The caller refreshes the consultant list and calls the one listed at {@code entry}. */
    private static void call(ClientPage caller, String entry) throws InterruptedException {
        caller.click("#refresh-consultants");
        caller.awaitText(entry, RATE + " coins/min", TIMEOUT);
        caller.click(entry + " button.call");
    }

    private static void assertEnded(ClientPage caller, String reason, String sentence) throws InterruptedException {
        caller.awaitVisible("#call-message", TIMEOUT);
        caller.await("call.ended " + reason, () -> reason.equals(caller.eval("document.querySelector('#call-message').dataset.reason")),
                TIMEOUT);
        assertTrue(caller.text("#call-message").contains(sentence), caller.text("#call-message"));
    }
}

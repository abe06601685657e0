package io.livestage.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.server.LiveStageServer;
import io.livestage.server.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The web client's side of token expiry, with dev sign-ins that live 6 s and no clock skew: without
 * the platform's hook the server closes the connection at expiry and the page signs out saying so;
 * with {@code window.LiveStage.refreshToken} the page refreshes its token in place (auth.refresh) on
 * the same connection for as long as it stays open.
 */
class WebClientTokenRefreshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> SIX_SECOND_TOKENS = Map.of("LIVESTAGE_AUTH_MAX_TOKEN_LIFETIME_MS", "6000",
            "LIVESTAGE_AUTH_CLOCK_SKEW_MS", "0");
    /** What an embedding platform provides; here it asks /dev/token again for the signed-in user. */
    private static final String INSTALL_HOOK = "(window.hookCalls = 0, window.LiveStage = {refreshToken: async () => {"
            + " window.hookCalls++; const me = window.livestage.session.me;"
            + " const response = await fetch('/dev/token', {method: 'POST', headers: {'content-type': 'application/json'},"
            + " body: JSON.stringify({user: me.userId, name: me.name, roles: me.roles, adult: me.adult})});"
            + " return (await response.json()).token; }}, true)";

    @Test
    @Timeout(120)
    void withoutTheHookTheSessionEndsAtExpiryAndWithItTheTokenIsRefreshedInPlace() throws Exception {
        try (LiveStageServer server = TestServers.start(SIX_SECOND_TOKENS);
             HeadlessChromium browser = HeadlessChromium.start()) {
            ClientPage page = new ClientPage(browser, "http://127.0.0.1:" + server.httpPort()).open();
            page.signIn("Nora", Set.of("viewer"), true, null);
            page.awaitScreen("signin");
            page.awaitText("#signin-error", "expired", TIMEOUT);
            assertEquals(1.0, TestServers.metric(server, "livestage_auth_expired_total"));

            page.eval(INSTALL_HOOK);
            String user = page.signIn("Hana", Set.of("viewer", "creator"), true, null);
            Object sessionId = page.eval("window.livestage.session.signaling.welcome.sessionId");
            page.await("three tokens refreshed in place", () -> ((Number) page.eval(
                    "window.livestage.session.signaling.refreshes")).intValue() >= 3, TIMEOUT);
            assertEquals("open", page.eval("window.livestage.session.signaling.state"));
            assertEquals(sessionId, page.eval("window.livestage.session.signaling.welcome.sessionId"),
                    "the same connection all along, past two of its tokens' lifetimes");
            assertEquals(user, page.userId());
            assertEquals("home", page.eval("document.body.dataset.screen"));
            assertTrue(((Number) page.eval("window.hookCalls")).intValue() >= 3);
            assertEquals(1.0, TestServers.metric(server, "livestage_auth_expired_total"), "no other connection expired");
            assertTrue(TestServers.metric(server, "livestage_auth_refreshed_total") >= 3);
        }
    }
}

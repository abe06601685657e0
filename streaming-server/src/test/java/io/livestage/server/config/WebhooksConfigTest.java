package io.livestage.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code webhooks.*} as operators set it: YAML, the environment, secrets in files, and the mistakes refused. */
class WebhooksConfigTest {
    private static final String SECRET = "whsec-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void offByDefault() {
        WebhooksConfig webhooks = ConfigLoader.load(null, Map.of()).webhooks();
        assertFalse(webhooks.enabled());
        assertEquals(10_000, webhooks.timeoutMs());
        assertEquals(1_000, webhooks.retryInitialMs());
        assertEquals(600_000, webhooks.retryMaxMs());
        assertEquals(86_400_000, webhooks.retryForMs());
    }

    @Test
    void endpointsFromTheEnvironmentWithAnEventFilter() {
        WebhooksConfig webhooks = load("[{\"name\":\"platform\",\"url\":\"https://hooks.example.com/ls?k=abc\","
                + "\"secret\":\"" + SECRET + "\",\"events\":[\"gift.sent\",\"call.minute_charged\"]}]");
        WebhooksConfig.Endpoint endpoint = webhooks.endpoints().get(0);
        assertEquals("platform", endpoint.name());
        assertEquals(SECRET, endpoint.secret());
        assertTrue(endpoint.wants("gift.sent"));
        assertFalse(endpoint.wants("show.started"));
        assertFalse(endpoint.toString().contains(SECRET), "secrets never reach logs: " + endpoint);
        assertFalse(endpoint.toString().contains("k=abc"), "nor a token in the URL's query: " + endpoint);
        assertTrue(endpoint.toString().contains("https://hooks.example.com/ls"));
    }

    @Test
    void theWholeListMayComeFromAFileAndASecretFromItsOwnFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("hook-secret"), SECRET + "\n");
        Path list = Files.writeString(dir.resolve("endpoints.json"), "[{\"name\":\"a\",\"url\":\"http://10.0.0.5:8080/in\","
                + "\"secretFile\":\"" + secret + "\"}]");
        WebhooksConfig webhooks = ConfigLoader.load(null, Map.of("LIVESTAGE_WEBHOOKS_ENDPOINTS_FILE", list.toString()))
                .webhooks();
        assertEquals(SECRET, webhooks.endpoints().get(0).secret(), "the file's final line break is dropped");
        assertTrue(webhooks.endpoints().get(0).wants("user.banned"), "no filter: every event");
    }

    @Test
    void mistakesAreRefusedNamingTheEndpoint() {
        assertRefused("url must be an absolute http:// or https:// URL",
                "[{\"name\":\"a\",\"url\":\"ftp://x.example.com/\",\"secret\":\"" + SECRET + "\"}]");
        assertRefused("url must be an absolute http:// or https:// URL",
                "[{\"name\":\"a\",\"url\":\"/relative\",\"secret\":\"" + SECRET + "\"}]");
        assertRefused("'a': the secret must be at least 16 characters",
                "[{\"name\":\"a\",\"url\":\"https://x.example.com/\",\"secret\":\"short\"}]");
        assertRefused("'a' needs one of secret and secretFile", "[{\"name\":\"a\",\"url\":\"https://x.example.com/\"}]");
        assertRefused("unknown event 'gift.received'", "[{\"name\":\"a\",\"url\":\"https://x.example.com/\",\"secret\":\""
                + SECRET + "\",\"events\":[\"gift.received\"]}]");
        assertRefused("the name 'a' is used twice", "[{\"name\":\"a\",\"url\":\"https://x.example.com/\",\"secret\":\""
                + SECRET + "\"},{\"name\":\"a\",\"url\":\"https://y.example.com/\",\"secret\":\"" + SECRET + "\"}]");
        assertRefused("needs a name", "[{\"name\":\"Platform One\",\"url\":\"https://x.example.com/\",\"secret\":\""
                + SECRET + "\"}]");
        assertRefused("cannot read secretFile", "[{\"name\":\"a\",\"url\":\"https://x.example.com/\",\"secretFile\":\""
                + dir.resolve("missing") + "\"}]");
        ConfigException retries = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
                Map.of("LIVESTAGE_WEBHOOKS_RETRY_MAX_MS", "500", "LIVESTAGE_WEBHOOKS_RETRY_INITIAL_MS", "1000")));
        assertTrue(retries.getMessage().contains("retryInitialMs <= retryMaxMs"), retries.getMessage());
    }

    private static WebhooksConfig load(String endpoints) {
        return ConfigLoader.load(null, Map.of("LIVESTAGE_WEBHOOKS_ENDPOINTS", endpoints)).webhooks();
    }

    private static void assertRefused(String part, String endpoints) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(endpoints));
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "no secret in the message: " + e.getMessage());
        assertTrue(List.of(e.getMessage().split("\n")).size() == 1, e.getMessage());
    }
}

package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCommandTest {

    @Test
    void defaultsTargetTheLocalDevServer() throws UsageException {
        ChatOptions options = ChatCommand.parse(new String[0]);
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(1000, options.viewers());
        assertEquals(Duration.ofSeconds(10), options.warmup());
        assertEquals(Duration.ofSeconds(60), options.duration());
        assertEquals(500, options.rampPerSecond());
        assertEquals(2.0, options.chatRate());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertFalse(options.trustAllCertificates());
    }

    @Test
    void readsEveryFlagInBothSpellings() throws UsageException {
        ChatOptions options = ChatCommand.parse(new String[] {
            "--url", "wss://stage.local:8443/ws", "--viewers=10_000", "--warmup=0s", "--duration", "2m",
            "--ramp-per-second", "250", "--chat-rate=0.5", "--secret", "x".repeat(40),
            "--metrics-url", "http://10.0.0.1:9090/metrics", "--insecure"});
        assertEquals(URI.create("wss://stage.local:8443/ws"), options.url());
        assertEquals(10_000, options.viewers());
        assertEquals(Duration.ZERO, options.warmup());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(250, options.rampPerSecond());
        assertEquals(0.5, options.chatRate());
        assertEquals("x".repeat(40), options.secret());
        assertEquals(URI.create("http://10.0.0.1:9090/metrics"), options.metricsUrl());
        assertTrue(options.trustAllCertificates());
    }

    @Test
    void metricsFollowASecureUrlAndCanBeTurnedOff() throws UsageException {
        assertEquals(URI.create("https://stage.local:8443/metrics"),
                ChatCommand.parse(new String[] {"--url", "wss://stage.local:8443/ws"}).metricsUrl());
        assertNull(ChatCommand.parse(new String[] {"--no-metrics"}).metricsUrl());
    }

    @ParameterizedTest
    @CsvSource({"1500ms,1500", "45,45000", "45s,45000", "3m,180000", "1h,3600000"})
    void durationsTakeAUnit(String text, long millis) throws UsageException {
        assertEquals(Duration.ofMillis(millis), ChatCommand.parse(new String[] {"--duration", text, "--no-metrics"})
                .duration());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--viewers", "--viewers=0", "--viewers=ten", "--viewers=50001", "--duration=soon", "--duration=0s",
        "--duration=2h", "--warmup=11m", "--url=http://127.0.0.1:8080/ws", "--url=ws:///ws", "--chat-rate=0", "--chat-rate=fast",
        "--secret=short", "--colour=red", "chat", "--insecure=yes", "--metrics-url=ftp://x/metrics"})
    void rejectsBadFlags(String arg) {
        assertThrows(UsageException.class, () -> ChatCommand.parse(new String[] {arg}));
    }

    @Test
    void rejectsRepeatsAndContradictions() {
        assertThrows(UsageException.class, () -> ChatCommand.parse(new String[] {"--viewers=1", "--viewers=2"}));
        assertThrows(UsageException.class,
                () -> ChatCommand.parse(new String[] {"--no-metrics", "--metrics-url", "http://h/metrics"}));
    }

    @Test
    void errorMessagesNameTheFlag() {
        UsageException error = assertThrows(UsageException.class,
                () -> ChatCommand.parse(new String[] {"--viewers", "many"}));
        assertEquals("--viewers must be a whole number, not 'many'", error.getMessage());
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertTrue(Flags.wantsHelp(new String[] {"--viewers", "5", "--help"}));
        assertFalse(Flags.wantsHelp(new String[] {"--viewers", "5"}));
    }
}

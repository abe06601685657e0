package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.chat.ChatOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCommandTest {

    private final CommandRun run = new CommandRun();

    @Test
    void defaultsTargetTheLocalDevServer() {
        ChatOptions options = run.options(ChatOptions.class, "chat");
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
    void readsEveryFlagInBothSpellings() {
        ChatOptions options = run.options(ChatOptions.class, "chat",
            "--url", "wss://stage.local:8443/ws", "--viewers=10_000", "--warmup=0s", "--duration", "2m",
            "--ramp-per-second", "250", "--chat-rate=0.5", "--secret", "x".repeat(40),
            "--metrics-url", "http://10.0.0.1:9090/metrics", "--insecure");
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
    void metricsFollowASecureUrlAndCanBeTurnedOff() {
        assertEquals(URI.create("https://stage.local:8443/metrics"),
                run.options(ChatOptions.class, "chat", "--url", "wss://stage.local:8443/ws").metricsUrl());
        assertNull(run.options(ChatOptions.class, "chat", "--no-metrics").metricsUrl());
    }

    @ParameterizedTest
    @CsvSource({"1500ms,1500", "45,45000", "45s,45000", "3m,180000", "1h,3600000"})
    void durationsTakeAUnit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis),
                run.options(ChatOptions.class, "chat", "--duration", text, "--no-metrics").duration());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--viewers", "--viewers=0", "--viewers=ten", "--viewers=50001", "--duration=soon", "--duration=0s",
        "--duration=2h", "--duration=30x", "--warmup=11m", "--url=http://127.0.0.1:8080/ws", "--url=ws:///ws",
        "--chat-rate=0", "--chat-rate=fast", "--chat-rate=NaN", "--secret=short", "--colour=red", "chat",
        "--insecure=yes", "--insecure=true", "--metrics-url=ftp://x/metrics"})
    void rejectsBadFlags(String arg) {
        assertFalse(run.refused("chat", arg).isBlank());
    }

    @Test
    void rejectsRepeatsAndContradictions() {
        assertEquals("option '--viewers' (N) should be specified only once",
                run.refused("chat", "--viewers=1", "--viewers=2"));
        assertEquals("--metrics-url and --no-metrics contradict each other",
                run.refused("chat", "--no-metrics", "--metrics-url", "http://h/metrics"));
    }

    @Test
    void errorMessagesNameTheFlag() {
        assertEquals("--viewers must be a whole number, not 'many'", run.refused("chat", "--viewers", "many"));
        assertEquals("--viewers must be between 1 and 50000, not -3", run.refused("chat", "--viewers", "-3"));
        assertEquals("--duration must look like 500ms, 60s, 2m or 1h, not '30x'", run.refused("chat", "--duration", "30x"));
        assertEquals("--warmup must be between 0s and 600s, not 11m", run.refused("chat", "--warmup=11m"));
        assertEquals("--chat-rate must be between 0.01 and 1000, not 0", run.refused("chat", "--chat-rate", "0"));
        assertEquals("--chat-rate must be a number, not 'fast'", run.refused("chat", "--chat-rate", "fast"));
        assertEquals("--secret must be at least 32 bytes, like the server's auth.secret",
                run.refused("chat", "--secret", "short"));
        assertEquals("Missing required parameter for option '--viewers' (N)", run.refused("chat", "--viewers"));
        assertEquals("Expected parameter for option '--secret' but found '--insecure'",
                run.refused("chat", "--secret", "--insecure"));
        assertEquals("option '--insecure' should be specified without 'yes' parameter",
                run.refused("chat", "--insecure=yes"));
        assertEquals("Unknown option: '--colour=red'", run.refused("chat", "--colour=red"));
        assertTrue(run.err().contains("'java -jar livestage-loadtest.jar chat --help' lists the options."), run.err());
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertTrue(run.help("chat", "--viewers", "5", "--help").contains("--viewers=N"));
        assertTrue(run.help("chat", "-h").contains("--viewers=N"));
        assertTrue(run.help("help", "chat").contains("--viewers=N"));
    }

    @Test
    void helpListsEveryOptionWithItsExplanation() {
        String help = run.help("chat", "--help");
        for (String option : List.of(
                "--url=URL signaling WebSocket (default ws://127.0.0.1:8080/ws)",
                "--viewers=N viewer connections, 1..50000 (default 1000)",
                "--warmup=D chat after the ramp whose latency is not recorded, while the JIT warms up; deliveries"
                        + " still count (default 10s; 0s for none)",
                "--duration=D timed chat after the warm-up, e.g. 60s, 2m (default 60s)",
                "--ramp-per-second=N new viewer connections per second (default 500)",
                "--chat-rate=R host chat messages per second (default 2; the server's per-user limit is 2/s,"
                        + " burst 5, unless configured higher)",
                "--secret=S HS256 token secret of the server (default: the dev secret)",
                "--metrics-url=URL server Prometheus endpoint for heap/RSS figures (default:"
                        + " http(s)://<host:port of --url>/metrics)",
                "--no-metrics do not scrape server figures",
                "--insecure trust self-signed certificates (wss:// to a dev server)",
                "-h, --help", "-V, --version",
                "A host starts one show; N viewers connect, authenticate and join it; then the host chats at a"
                        + " fixed rate and every viewer measures fan-out latency (send to receive).",
                "The run ends by itself: ramp (at most viewers/ramp + 30 s), --warmup, --duration, up to 10 s for"
                        + " the last deliveries; then every connection is closed.",
                "Exit status: 0 when every viewer joined and stayed and every chat reached every viewer, 1 when"
                        + " the scenario failed, 2 for a bad command line.")) {
            assertTrue(CommandRun.words(help).contains(CommandRun.words(option)), () -> "no '" + option + "' in: " + help);
        }
    }
}

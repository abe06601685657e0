package io.livestage.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GiftsCommandTest {

    private final CommandRun run = new CommandRun();

    @Test
    void defaultsSendAHundredGiftsASecondIntoTenRoomsOnTheLocalServer() {
        GiftsOptions options = run.options(GiftsOptions.class, "gifts");
        assertEquals(URI.create("ws://127.0.0.1:8080/ws"), options.url());
        assertEquals(10, options.rooms());
        assertEquals(1000, options.viewers());
        assertEquals(100, options.senders());
        assertEquals(100, options.rate());
        assertEquals(Duration.ofSeconds(5), options.warmup());
        assertEquals(Duration.ofSeconds(30), options.duration());
        assertEquals(500, options.rampPerSecond());
        assertEquals(URI.create("http://127.0.0.1:8080/api/wallet/credit"), options.creditUrl());
        assertEquals(AuthConfig.DEV_SERVICE_KEY, options.serviceKey());
        assertEquals(AuthConfig.DEV_SECRET, options.secret());
        assertEquals(URI.create("http://127.0.0.1:8080/metrics"), options.metricsUrl());
        assertNull(options.redisUri());
        assertEquals(0, options.serverPid());
        assertEquals(500, options.warmupGifts());
        assertEquals(3500, options.totalGifts());
    }

    @Test
    void readsEveryFlag() {
        GiftsOptions options = run.options(GiftsOptions.class, "gifts", "--url", "ws://10.0.0.5:9000/ws", "--rooms",
                "4", "--viewers=5000", "--senders", "40", "--rate", "1000", "--warmup", "2s", "--duration", "1m",
                "--ramp-per-second", "800", "--service-key", "a-service-key-of-the-test", "--no-metrics",
                "--redis", "redis://127.0.0.1:6379/0", "--server-pid", "4242", "--secret", "z".repeat(32));
        assertEquals(4, options.rooms());
        assertEquals(5000, options.viewers());
        assertEquals(40, options.senders());
        assertEquals(1000, options.rate());
        assertEquals(Duration.ofSeconds(2), options.warmup());
        assertEquals(Duration.ofMinutes(1), options.duration());
        assertEquals(800, options.rampPerSecond());
        assertEquals(URI.create("http://10.0.0.5:9000/api/wallet/credit"), options.creditUrl());
        assertEquals("a-service-key-of-the-test", options.serviceKey());
        assertEquals("z".repeat(32), options.secret());
        assertNull(options.metricsUrl());
        assertEquals(URI.create("redis://127.0.0.1:6379/0"), options.redisUri());
        assertEquals(62_000, options.totalGifts());
        assertEquals(4242, options.serverPid());
    }

    @Test
    void refusesRoomsWithoutSendersAndOtherSchemes() {
        assertEquals("--senders must be between 10 and 5000, not 5", run.refused("gifts", "--senders", "5"));
        assertEquals("--senders must be between 200 and 5000, not 100", run.refused("gifts", "--rooms", "200"));
        assertEquals("--redis must be a redis:// URL with a host, not 'http://127.0.0.1:6379'",
                run.refused("gifts", "--redis", "http://127.0.0.1:6379"));
        assertEquals("--url must be a ws:// URL with a host, not 'wss://stage.local/ws'",
                run.refused("gifts", "--url", "wss://stage.local/ws"));
        assertEquals("--rate must be a number, not 'fast'", run.refused("gifts", "--rate", "fast"));
        assertEquals("--rate must be between 0.1 and 100000, not 0.05", run.refused("gifts", "--rate", "0.05"));
        assertEquals("--viewers must be between 0 and 50000, not 50001", run.refused("gifts", "--viewers", "50001"));
        assertEquals("--metrics-url and --no-metrics contradict each other",
                run.refused("gifts", "--metrics-url", "http://h/metrics", "--no-metrics"));
        assertTrue(run.err().contains("'java -jar livestage-loadtest.jar gifts --help' lists the options."), run.err());
    }

    @Test
    void helpListsEveryOptionWithItsExplanation() {
        String help = run.help("gifts", "--help");
        for (String option : List.of(
                "--url=URL signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)",
                "--rooms=N live shows, each with its own host, 1..1000 (default 10)",
                "--viewers=N viewers (they only receive), 0..50000 (default 1000)",
                "--senders=N senders, at least one per room, ..5000 (default 100)",
                "--rate=R gifts per second, all senders together (default 100); the server limits each connection"
                        + " to 50 requests/s (burst 100) unless its LIVESTAGE_LIMITS_MESSAGES_PER_SECOND / _BURST say"
                        + " otherwise",
                "--warmup=D gifts after the ramp whose latency is not recorded, while the JIT warms up; deliveries"
                        + " still count (default 5s; 0s for none)",
                "--duration=D timed gifts after the warm-up, e.g. 30s, 2m (default 30s)",
                "--ramp-per-second=N new connections per second (default 500)",
                "--secret=S HS256 token secret of the server (default: the dev secret)",
                "--service-key=K the server's auth.serviceKey, to credit the senders' wallets with POST"
                        + " /api/wallet/credit (default: the dev key)",
                "--metrics-url=URL server Prometheus endpoint for heap, RSS and CPU (default: http://<host:port of"
                        + " --url>/metrics)",
                "--no-metrics do not scrape server figures",
                "--redis=URI the server's Redis (e.g. redis://127.0.0.1:6379/0): counts its commands per gift from"
                        + " INFO commandstats; nothing else may use that Redis during the run",
                "--server-pid=N the server's process id: splits its CPU time into user and system from"
                        + " /proc/N/stat (same machine, Linux)",
                "-h, --help", "-V, --version",
                "A host per room starts a show; viewers and adult senders join the rooms round-robin;",
                "every accepted gift delivered once to every member of its room, none lost or doubled.",
                "The run ends by itself: shows, ramp (at most connections/ramp + 30 s), --warmup, --duration, up to"
                        + " 15 s for the last deliveries; then every connection is closed.",
                "Exit status: 0 when everyone joined and stayed, every gift was accepted and reached every member of"
                        + " its room exactly once; 1 when the scenario failed, 2 for a bad command line.")) {
            assertTrue(CommandRun.words(help).contains(CommandRun.words(option)), () -> "no '" + option + "' in: " + help);
        }
    }
}

package io.livestage.loadtest.cli;

import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** The {@code gifts} command line: its flags, their defaults and its help text. */
public final class GiftsCommand {

    public static final String USAGE = """
            usage: java -jar livestage-loadtest.jar gifts [options]

            A host per room starts a show; viewers and adult senders join the rooms round-robin; the
            senders' wallets are credited; then the senders send roses at a fixed total rate and every
            member (host, viewers, senders) checks each gift event: latency from gift.send to its
            receipt, every accepted gift delivered once to every member of its room, none lost or doubled.

              --url URL               signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)
              --rooms N               live shows, each with its own host, 1..1000 (default 10)
              --viewers N             viewers (they only receive), 0..50000 (default 1000)
              --senders N             senders, at least one per room, ..5000 (default 100)
              --rate R                gifts per second, all senders together (default 100); the server
                                      limits each connection to 50 requests/s (burst 100) unless its
                                      LIVESTAGE_LIMITS_MESSAGES_PER_SECOND / _BURST say otherwise
              --warmup D              gifts after the ramp whose latency is not recorded, while the JIT
                                      warms up; deliveries still count (default 5s; 0s for none)
              --duration D            timed gifts after the warm-up, e.g. 30s, 2m (default 30s)
              --ramp-per-second N     new connections per second (default 500)
              --secret S              HS256 token secret of the server (default: the dev secret)
              --service-key K         the server's auth.serviceKey, to credit the senders' wallets
                                      with POST /api/wallet/credit (default: the dev key)
              --metrics-url URL       server Prometheus endpoint for heap, RSS and CPU
                                      (default: http://<host:port of --url>/metrics)
              --no-metrics            do not scrape server figures
              --redis URI             the server's Redis (e.g. redis://127.0.0.1:6379/0): counts its
                                      commands per gift from INFO commandstats; nothing else may use
                                      that Redis during the run
              --server-pid N          the server's process id: splits its CPU time into user and
                                      system from /proc/N/stat (same machine, Linux)
              --help                  this text

            The run ends by itself: shows, ramp (at most connections/ramp + 30 s), --warmup, --duration,
            up to 15 s for the last deliveries; then every connection is closed.
            Exit status: 0 when everyone joined and stayed, every gift was accepted and reached every member
            of its room exactly once; 1 when the scenario failed, 2 for a bad command line.
            """;

    private static final Set<String> VALUED = Set.of("url", "rooms", "viewers", "senders", "rate", "warmup",
            "duration", "ramp-per-second", "secret", "service-key", "metrics-url", "redis", "server-pid");
    private static final Set<String> SWITCHES = Set.of("no-metrics", "help");
    private static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:8080/ws");

    private GiftsCommand() {
    }

    public static GiftsOptions parse(String[] args) throws UsageException {
        Flags flags = Flags.parse(args, VALUED, SWITCHES);
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI url = flags.url("url", Set.of("ws")).orElse(DEFAULT_URL);
        int rooms = flags.integer("rooms", 10, 1, 1_000);
        int viewers = flags.integer("viewers", 1000, 0, 50_000);
        int senders = flags.integer("senders", 100, rooms, 5_000);
        double rate = flags.decimal("rate", 100, 0.1, 100_000);
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10));
        Duration duration = flags.duration("duration", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        int ramp = flags.integer("ramp-per-second", 500, 1, 20_000);
        String secret = flags.secret();
        String serviceKey = flags.text("service-key").orElse(AuthConfig.DEV_SERVICE_KEY);
        URI metrics = flags.metricsUrl(url, Set.of("http"));
        URI redis = flags.url("redis", Set.of("redis")).orElse(null);
        int pid = flags.integer("server-pid", 0, 1, Integer.MAX_VALUE);
        return new GiftsOptions(url, rooms, viewers, senders, rate, warmup, duration, ramp, secret, creditNextTo(url),
                serviceKey, metrics, redis, pid);
    }

    /** The wallet credit endpoint of the server behind a ws:// signaling URL: {@code http://<host:port>/api/wallet/credit}. */
    static URI creditNextTo(URI ws) {
        URI credit = ws.resolve("/api/wallet/credit");
        return URI.create("http" + credit.toString().substring("ws".length()));
    }
}

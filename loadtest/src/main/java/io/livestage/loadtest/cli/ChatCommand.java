package io.livestage.loadtest.cli;

import io.livestage.loadtest.chat.ChatOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** The {@code chat} command line: its flags, their defaults and its help text. */
public final class ChatCommand {

    public static final String USAGE = """
            usage: java -jar livestage-loadtest.jar chat [options]

            A host starts one show; N viewers connect, authenticate and join it; then the host
            chats at a fixed rate and every viewer measures fan-out latency (send to receive).

              --url URL               signaling WebSocket (default ws://127.0.0.1:8080/ws)
              --viewers N             viewer connections, 1..50000 (default 1000)
              --warmup D              chat after the ramp whose latency is not recorded, while the JIT
                                      warms up; deliveries still count (default 10s; 0s for none)
              --duration D            timed chat after the warm-up, e.g. 60s, 2m (default 60s)
              --ramp-per-second N     new viewer connections per second (default 500)
              --chat-rate R           host chat messages per second (default 2; the server's
                                      per-user limit is 2/s, burst 5, unless configured higher)
              --secret S              HS256 token secret of the server (default: the dev secret)
              --metrics-url URL       server Prometheus endpoint for heap/RSS figures
                                      (default: http(s)://<host:port of --url>/metrics)
              --no-metrics            do not scrape server figures
              --insecure              trust self-signed certificates (wss:// to a dev server)
              --help                  this text

            The run ends by itself: ramp (at most viewers/ramp + 30 s), --warmup, --duration,
            up to 10 s for the last deliveries; then every connection is closed.
            Exit status: 0 when every viewer joined and stayed and every chat reached every viewer,
            1 when the scenario failed, 2 for a bad command line.
            """;

    private static final Set<String> VALUED = Set.of(
            "url", "viewers", "warmup", "duration", "ramp-per-second", "chat-rate", "secret", "metrics-url");
    private static final Set<String> SWITCHES = Set.of("no-metrics", "insecure", "help");
    private static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:8080/ws");

    private ChatCommand() {
    }

    public static ChatOptions parse(String[] args) throws UsageException {
        Flags flags = Flags.parse(args, VALUED, SWITCHES);
        URI url = flags.url("url", Set.of("ws", "wss")).orElse(DEFAULT_URL);
        int viewers = flags.integer("viewers", 1000, 1, 50_000);
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10));
        Duration duration = flags.duration("duration", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        int ramp = flags.integer("ramp-per-second", 500, 1, 20_000);
        double chatRate = flags.decimal("chat-rate", 2, 0.01, 1000);
        String secret = flags.secret();
        URI metrics = flags.metricsUrl(url, Set.of("http", "https"));
        return new ChatOptions(url, viewers, warmup, duration, ramp, chatRate, secret, metrics, flags.isSet("insecure"));
    }

    /** The Prometheus endpoint of the server behind a signaling URL: same host and port, {@code /metrics}. */
    static URI metricsNextTo(URI ws) {
        String scheme = ws.getScheme().toLowerCase(Locale.ROOT).equals("wss") ? "https" : "http";
        String port = ws.getPort() > 0 ? ":" + ws.getPort() : "";
        return URI.create(scheme + "://" + ws.getHost() + port + "/metrics");
    }
}

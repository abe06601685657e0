package io.livestage.loadtest.cli;

import static io.livestage.loadtest.cli.OptionValues.within;

import io.livestage.loadtest.chat.ChatOptions;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code livestage-loadtest chat}: its options, their defaults and ranges, and its help text. */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = LoadTestCommand.Version.class,
        sortOptions = false, sortSynopsis = false, usageHelpWidth = 100,
        description = {"N viewers join one show; the host chats; reports fan-out latency and server memory.",
            "%nA host starts one show; N viewers connect, authenticate and join it; then the host chats at a"
                + " fixed rate and every viewer measures fan-out latency (send to receive).%n"},
        footer = {"%nThe run ends by itself: ramp (at most viewers/ramp + 30 s), --warmup, --duration,"
                + " up to 10 s for the last deliveries; then every connection is closed.",
            "Exit status: 0 when every viewer joined and stayed and every chat reached every viewer,"
                + " 1 when the scenario failed, 2 for a bad command line."})
public final class ChatCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "signaling WebSocket (default ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--viewers", paramLabel = "N", defaultValue = "1000",
            description = "viewer connections, 1..50000 (default ${DEFAULT-VALUE})")
    int viewers;
    @Option(names = "--warmup", paramLabel = "D", defaultValue = "10s", description = "chat after the ramp whose"
            + " latency is not recorded, while the JIT warms up; deliveries still count (default ${DEFAULT-VALUE};"
            + " 0s for none)")
    Duration warmup;
    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s",
            description = "timed chat after the warm-up, e.g. 60s, 2m (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--ramp-per-second", paramLabel = "N", defaultValue = "500",
            description = "new viewer connections per second (default ${DEFAULT-VALUE})")
    int rampPerSecond;
    @Option(names = "--chat-rate", paramLabel = "R", defaultValue = "2", description = "host chat messages per"
            + " second (default ${DEFAULT-VALUE}; the server's per-user limit is 2/s, burst 5, unless configured"
            + " higher)")
    double chatRate;
    @Option(names = "--secret", paramLabel = "S",
            description = "HS256 token secret of the server (default: the dev secret)")
    String secret;
    @Option(names = "--metrics-url", paramLabel = "URL", description = "server Prometheus endpoint for heap/RSS"
            + " figures (default: http(s)://<host:port of --url>/metrics)")
    URI metricsUrl;
    @Option(names = "--no-metrics", arity = "0", description = "do not scrape server figures")
    boolean noMetrics;
    @Option(names = "--insecure", arity = "0", description = "trust self-signed certificates (wss:// to a dev server)")
    boolean insecure;

    @Spec
    CommandSpec spec;

    private final Scenarios scenarios;
    private final PrintStream out;

    ChatCommand(Scenarios scenarios, PrintStream out) {
        this.scenarios = scenarios;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return LoadTestCommand.finish(scenarios.chat(options(), out), out);
    }

    /** The parsed options, checked against each other and the ranges the scenario can measure. */
    ChatOptions options() {
        URI checkedUrl = OptionValues.url(spec, "--url", url, Set.of("ws", "wss"));
        within(spec, "--viewers", viewers, 1, 50_000);
        within(spec, "--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10));
        within(spec, "--duration", duration, Duration.ofSeconds(1), Duration.ofHours(1));
        within(spec, "--ramp-per-second", rampPerSecond, 1, 20_000);
        within(spec, "--chat-rate", chatRate, 0.01, 1000);
        String checkedSecret = OptionValues.secret(spec, secret);
        URI metrics = OptionValues.metricsUrl(spec, metricsUrl, noMetrics, checkedUrl, Set.of("http", "https"));
        return new ChatOptions(checkedUrl, viewers, warmup, duration, rampPerSecond, chatRate, checkedSecret, metrics,
                insecure);
    }

    /** The Prometheus endpoint of the server behind a signaling URL: same host and port, {@code /metrics}. */
    static URI metricsNextTo(URI ws) {
        String scheme = ws.getScheme().toLowerCase(Locale.ROOT).equals("wss") ? "https" : "http";
        String port = ws.getPort() > 0 ? ":" + ws.getPort() : "";
        return URI.create(scheme + "://" + ws.getHost() + port + "/metrics");
    }
}

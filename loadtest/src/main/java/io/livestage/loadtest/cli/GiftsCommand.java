package io.livestage.loadtest.cli;

import static io.livestage.loadtest.cli.OptionValues.within;

import io.livestage.loadtest.gifts.GiftsOptions;
import io.livestage.signaling.config.AuthConfig;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code livestage-loadtest gifts}: its options, their defaults and ranges, and its help text. */
@Command(name = "gifts", mixinStandardHelpOptions = true, versionProvider = LoadTestCommand.Version.class,
        sortOptions = false, sortSynopsis = false, usageHelpWidth = 100,
        description = {"Viewers across several shows; senders send gifts at a fixed rate; reports delivery latency,"
                + " lost and doubled deliveries, Redis commands per gift.",
            "%nA host per room starts a show; viewers and adult senders join the rooms round-robin; the"
                + " senders' wallets are credited; then the senders send roses at a fixed total rate and every"
                + " member (host, viewers, senders) checks each gift event: latency from gift.send to its"
                + " receipt, every accepted gift delivered once to every member of its room, none lost or"
                + " doubled.%n"},
        footer = {"%nThe run ends by itself: shows, ramp (at most connections/ramp + 30 s), --warmup, --duration,"
                + " up to 15 s for the last deliveries; then every connection is closed.",
            "Exit status: 0 when everyone joined and stayed, every gift was accepted and reached every member"
                + " of its room exactly once; 1 when the scenario failed, 2 for a bad command line."})
public final class GiftsCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "signaling WebSocket, ws:// only (default ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--rooms", paramLabel = "N", defaultValue = "10",
            description = "live shows, each with its own host, 1..1000 (default ${DEFAULT-VALUE})")
    int rooms;
    @Option(names = "--viewers", paramLabel = "N", defaultValue = "1000",
            description = "viewers (they only receive), 0..50000 (default ${DEFAULT-VALUE})")
    int viewers;
    @Option(names = "--senders", paramLabel = "N", defaultValue = "100",
            description = "senders, at least one per room, ..5000 (default ${DEFAULT-VALUE})")
    int senders;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "100", description = "gifts per second, all"
            + " senders together (default ${DEFAULT-VALUE}); the server limits each connection to 50 requests/s"
            + " (burst 100) unless its LIVESTAGE_LIMITS_MESSAGES_PER_SECOND / _BURST say otherwise")
    double rate;
    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s", description = "gifts after the ramp whose"
            + " latency is not recorded, while the JIT warms up; deliveries still count (default ${DEFAULT-VALUE};"
            + " 0s for none)")
    Duration warmup;
    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            description = "timed gifts after the warm-up, e.g. 30s, 2m (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--ramp-per-second", paramLabel = "N", defaultValue = "500",
            description = "new connections per second (default ${DEFAULT-VALUE})")
    int rampPerSecond;
    @Option(names = "--secret", paramLabel = "S",
            description = "HS256 token secret of the server (default: the dev secret)")
    String secret;
    @Option(names = "--service-key", paramLabel = "K", description = "the server's auth.serviceKey, to credit the"
            + " senders' wallets with POST /api/wallet/credit (default: the dev key)")
    String serviceKey;
    @Option(names = "--metrics-url", paramLabel = "URL", description = "server Prometheus endpoint for heap, RSS"
            + " and CPU (default: http://<host:port of --url>/metrics)")
    URI metricsUrl;
    @Option(names = "--no-metrics", arity = "0", description = "do not scrape server figures")
    boolean noMetrics;
    @Option(names = "--redis", paramLabel = "URI", description = "the server's Redis (e.g."
            + " redis://127.0.0.1:6379/0): counts its commands per gift from INFO commandstats; nothing else may"
            + " use that Redis during the run")
    URI redis;
    @Option(names = "--server-pid", paramLabel = "N", description = "the server's process id: splits its CPU time"
            + " into user and system from /proc/N/stat (same machine, Linux)")
    Integer serverPid;

    @Spec
    CommandSpec spec;

    private final Scenarios scenarios;
    private final PrintStream out;

    GiftsCommand(Scenarios scenarios, PrintStream out) {
        this.scenarios = scenarios;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return LoadTestCommand.finish(scenarios.gifts(options(), out), out);
    }

    /** The parsed options, checked against each other and the ranges the scenario can measure. */
    GiftsOptions options() {
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI checkedUrl = OptionValues.url(spec, "--url", url, Set.of("ws"));
        within(spec, "--rooms", rooms, 1, 1_000);
        within(spec, "--viewers", viewers, 0, 50_000);
        within(spec, "--senders", senders, rooms, 5_000);
        within(spec, "--rate", rate, 0.1, 100_000);
        within(spec, "--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10));
        within(spec, "--duration", duration, Duration.ofSeconds(1), Duration.ofHours(1));
        within(spec, "--ramp-per-second", rampPerSecond, 1, 20_000);
        String checkedSecret = OptionValues.secret(spec, secret);
        String key = serviceKey == null ? AuthConfig.DEV_SERVICE_KEY : serviceKey;
        URI metrics = OptionValues.metricsUrl(spec, metricsUrl, noMetrics, checkedUrl, Set.of("http"));
        URI checkedRedis = OptionValues.url(spec, "--redis", redis, Set.of("redis"));
        int pid = serverPid == null ? 0 : within(spec, "--server-pid", serverPid, 1, Integer.MAX_VALUE);
        return new GiftsOptions(checkedUrl, rooms, viewers, senders, rate, warmup, duration, rampPerSecond,
                checkedSecret, creditNextTo(checkedUrl), key, metrics, checkedRedis, pid);
    }

    /** The wallet credit endpoint of the server behind a ws:// signaling URL: {@code http://<host:port>/api/wallet/credit}. */
    static URI creditNextTo(URI ws) {
        URI credit = ws.resolve("/api/wallet/credit");
        return URI.create("http" + credit.toString().substring("ws".length()));
    }
}

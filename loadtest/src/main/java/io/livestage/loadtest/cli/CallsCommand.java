package io.livestage.loadtest.cli;

import static io.livestage.loadtest.cli.OptionValues.refuse;
import static io.livestage.loadtest.cli.OptionValues.within;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.io.PrintStream;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code livestage-loadtest calls}: its options, their defaults and ranges, and its help text. */
@Command(name = "calls", mixinStandardHelpOptions = true, versionProvider = LoadTestCommand.Version.class,
        sortOptions = false, sortSynopsis = false, usageHelpWidth = 100,
        description = {"N paid 1:1 calls with media both ways, billed per (simulated) minute; reports setup time,"
                + " billing ticks on time, media received, whether the money adds up, server CPU.",
            "%nN paid 1:1 calls at once. Per call a consultant goes available and an adult caller, whose"
                + " wallet is credited first, requests; the consultant accepts; both publish synthetic media and"
                + " subscribe to each other over their own ICE/DTLS/SRTP transports. Once every call is up they"
                + " are all held for --minutes of the server's billed minute, then each caller hangs up half a"
                + " minute away from any minute start and both wallets are read. Reports setup time"
                + " (call.request to call.started, and call.started to media arriving both ways), the lateness"
                + " of every minute's call.billing after the first, media received per side, whether the money"
                + " adds up, and the server's CPU, heap and RSS over the hold.%n"},
        footer = {"%nThe server must announce an address this machine reaches (on loopback:"
                + " LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='[\"127.0.0.1\"]').",
            "The run ends by itself: funding, ramp (at most calls/ramp + 60 s), the hold, then at most one"
                + " minute and 90 s for the hang-ups; every connection is closed.",
            "Exit status: 0 when every call was set up with media both ways, billed every started minute and"
                + " hung up, and the money adds up; 1 when the scenario failed, 2 for a bad command line."})
public final class CallsCommand implements Callable<Integer> {


    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "signaling WebSocket, ws:// only (default ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--calls", paramLabel = "N", defaultValue = "200",
            description = "concurrent calls, 1..2000 (default ${DEFAULT-VALUE})")
    int calls;
    @Option(names = "--minutes", paramLabel = "N", defaultValue = "3",
            description = "simulated minutes the calls are held, 1..600 (default ${DEFAULT-VALUE})")
    int minutes;
    @Option(names = "--minute-ms", paramLabel = "N", defaultValue = "60000", description = "the server's billed"
            + " minute in ms; must equal its calls.minuteMs (LIVESTAGE_CALLS_MINUTE_MS, dev mode only below"
            + " 60000), 100..60000 (default ${DEFAULT-VALUE})")
    int minuteMs;
    @Option(names = "--rate", paramLabel = "N", defaultValue = "10", description = "each consultant's price in coins"
            + " a minute, within the server's calls.minRate..maxRate (default ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--ramp-per-second", paramLabel = "N", defaultValue = "10",
            description = "calls started per second, 1..200 (default ${DEFAULT-VALUE})")
    int rampPerSecond;
    /** Light enough that 400 publishers and 400 subscribers share two cores with the server. */
    @Option(names = "--video", paramLabel = "WxH@FPS", defaultValue = "320x240@15", description = "each side's"
            + " synthetic VP8, e.g. 640x360@30, or 'none' (default ${DEFAULT-VALUE})")
    String video;
    @Option(names = "--video-kbps", paramLabel = "N", defaultValue = "150",
            description = "its bit rate (default ${DEFAULT-VALUE})")
    int videoKbps;
    @Option(names = "--no-audio", arity = "0", description = "send no Opus (audio is on by default)")
    boolean noAudio;
    @Option(names = "--secret", paramLabel = "S",
            description = "HS256 token secret of the server (default: the dev secret)")
    String secret;
    @Option(names = "--service-key", paramLabel = "K", description = "the server's auth.serviceKey, to credit the"
            + " callers' wallets with POST /api/wallet/credit (default: the dev key)")
    String serviceKey;
    @Option(names = "--metrics-url", paramLabel = "URL", description = "server Prometheus endpoint for CPU, heap,"
            + " RSS and packets (default: http://<host:port of --url>/metrics)")
    URI metricsUrl;
    @Option(names = "--no-metrics", arity = "0", description = "do not scrape server figures")
    boolean noMetrics;
    @Option(names = "--server-pid", paramLabel = "N", description = "the server's process id: splits its CPU time"
            + " into user and system from /proc/N/stat (same machine, Linux)")
    Integer serverPid;

    @Spec
    CommandSpec spec;

    private final Scenarios scenarios;
    private final PrintStream out;

    CallsCommand(Scenarios scenarios, PrintStream out) {
        this.scenarios = scenarios;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return LoadTestCommand.finish(scenarios.calls(options(), out), out);
    }

    /** The parsed options, checked against each other and the ranges the scenario can measure. */
    CallsOptions options() {
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI checkedUrl = OptionValues.url(spec, "--url", url, Set.of("ws"));
        within(spec, "--calls", calls, 1, 2_000);
        within(spec, "--minutes", minutes, 1, 600);
        within(spec, "--minute-ms", minuteMs, 100, 60_000);
        within(spec, "--rate", rate, 1, 1_000_000);
        within(spec, "--ramp-per-second", rampPerSecond, 1, 200);
        VideoSettings settings = OptionValues.video(spec, video, videoKbps);
        if (noAudio && settings == null) {
            throw refuse(spec, "--no-audio with --video none leaves nothing to send");
        }
        String checkedSecret = OptionValues.secret(spec, secret);
        String key = serviceKey == null ? AuthConfig.DEV_SERVICE_KEY : serviceKey;
        URI metrics = OptionValues.metricsUrl(spec, metricsUrl, noMetrics, checkedUrl, Set.of("http"));
        int pid = serverPid == null ? 0 : within(spec, "--server-pid", serverPid, 1, Integer.MAX_VALUE);
        return new CallsOptions(checkedUrl, calls, minutes, minuteMs, rate, rampPerSecond, !noAudio, settings,
                checkedSecret, GiftsCommand.creditNextTo(checkedUrl), key, metrics, pid);
    }
}

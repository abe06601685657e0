package io.livestage.loadtest.cli;

import static io.livestage.loadtest.cli.OptionValues.refuse;
import static io.livestage.loadtest.cli.OptionValues.within;

import io.livestage.loadtest.show.EdgeNode;
import io.livestage.loadtest.show.ShowOptions;
import io.livestage.loadtest.webrtc.SubscriberOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code livestage-loadtest show}: its options, their defaults and ranges, and its help text. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = LoadTestCommand.Version.class,
        sortOptions = false, sortSynopsis = false, usageHelpWidth = 100,
        description = {"One publisher (Opus + 720p VP8), N WebRTC subscribers; reports packets forwarded,"
                + " server CPU per packet, loss and latency.",
            "%nOne publisher starts a show and sends synthetic Opus and 720p VP8 (about 2.5 Mbit/s; --video and"
                + " --video-kbps change it);"
                + " N subscribers join and subscribe, each with its own ICE/DTLS/SRTP transport, and check"
                + " every packet. Over the timed window it reports the packets the server forwarded per"
                + " second, the server's CPU time per forwarded packet, loss after NACK recovery, and the"
                + " latency from the publisher's send to the subscriber's receipt, and the keyframe requests"
                + " that reached the publisher per stream during the join ramp, the warm-up and the window.%n"},
        footer = {"%nThe server must announce an address this machine reaches (on loopback:"
                + " LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='[\"127.0.0.1\"]').",
            "The run ends by itself: publishing (at most 30 s), ramp (at most subscribers/ramp + 30 s),"
                + " --warmup, --duration, up to 40 s to close; then every socket is closed.",
            "Exit status: 0 when every subscriber connected and stayed, the server forwarded media and the"
                + " loss stayed within --max-loss; 1 when the scenario failed, 2 for a bad command line."})
public final class ShowCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/ws",
            description = "signaling WebSocket, ws:// only (default ${DEFAULT-VALUE})")
    URI url;
    @Option(names = "--subscribers", paramLabel = "N", defaultValue = "50",
            description = "subscribers, 1..2000 (default ${DEFAULT-VALUE})")
    int subscribers;
    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s",
            description = "media after the ramp that is not measured (default ${DEFAULT-VALUE}; 0s for none)")
    Duration warmup;
    @Option(names = "--duration", paramLabel = "D", defaultValue = "30s",
            description = "the timed window, e.g. 30s, 2m (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--ramp-per-second", paramLabel = "N", defaultValue = "50",
            description = "new subscribers per second (default ${DEFAULT-VALUE})")
    int rampPerSecond;
    @Option(names = "--metrics-url", paramLabel = "URL", description = "server Prometheus endpoint for packets"
            + " forwarded, CPU time, heap and RSS (default: http://<host:port of --url>/metrics)")
    URI metricsUrl;
    @Option(names = "--server-pid", paramLabel = "N", description = "the server's process id: splits its CPU time"
            + " into user and system from /proc/N/stat (same machine, Linux)")
    Integer serverPid;
    @Option(names = "--max-loss", paramLabel = "P", defaultValue = "0.1", description = "fail when more than P"
            + " percent of the expected packets never arrive, not even after NACKs (default ${DEFAULT-VALUE})")
    double maxLoss;
    @Option(names = "--secret", paramLabel = "S",
            description = "HS256 token secret of the server (default: the dev secret)")
    String secret;
    @Option(names = "--simulcast", arity = "0", description = "the publisher sends its video as three simulcast"
            + " layers instead: q 320x180 at 120 kbit/s, h 640x360 at 400 kbit/s, f 1280x720 at 1.2 Mbit/s, each"
            + " 30 fps with its own SSRC; it answers keyframe requests per layer and pauses the layers"
            + " media.layers leaves out")
    boolean simulcast;
    @Option(names = "--viewer-layers", paramLabel = "L,...", description = "with --simulcast: viewers pin these"
            + " layers in turn (low, medium, high or auto) with media.layer right after their first answer, e.g."
            + " low,medium,high (default: none, the server chooses)")
    String viewerLayers;
    @Option(names = "--video", paramLabel = "WxH@FPS", defaultValue = "1280x720@30", description = "without"
            + " --simulcast: the publisher's synthetic VP8, e.g. 1280x720@30 at 1200 kbit/s, the simulcast f layer"
            + " (default ${DEFAULT-VALUE})")
    String video;
    @Option(names = "--video-kbps", paramLabel = "N", defaultValue = "2500",
            description = "its bit rate (default ${DEFAULT-VALUE})")
    int videoKbps;

    @Option(names = "--edge-url", paramLabel = "URL", description = "another node of a cluster to serve"
            + " subscribers too (repeatable): subscribers are spread over --url and these in turn; the publisher"
            + " stays on --url, and each edge receives the show through its relay")
    List<URI> edgeUrls;
    @Option(names = "--edge-pid", paramLabel = "N", description = "the process id of each --edge-url, in the"
            + " same order, for its CPU time per delivered packet (repeatable)")
    List<Integer> edgePids;

    @Option(names = "--failover", arity = "0", description = "a subscriber whose connection to its node closes (the"
            + " node was killed) starts again through the next node after the web client's backoff, and one its node"
            + " asks to reconnect (the node drains) after the delay asked for; the report gives how long each was"
            + " without media (kill or drain a node while the run goes on)")
    boolean failover;

    @Spec
    CommandSpec spec;

    private final Scenarios scenarios;
    private final PrintStream out;

    ShowCommand(Scenarios scenarios, PrintStream out) {
        this.scenarios = scenarios;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return LoadTestCommand.finish(scenarios.show(options(), out), out);
    }

    /** The parsed options, checked against each other and the ranges the scenario can measure. */
    ShowOptions options() {
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI checkedUrl = OptionValues.url(spec, "--url", url, Set.of("ws"));
        within(spec, "--subscribers", subscribers, 1, 2_000);
        within(spec, "--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10));
        within(spec, "--duration", duration, Duration.ofSeconds(1), Duration.ofHours(1));
        within(spec, "--ramp-per-second", rampPerSecond, 1, 1_000);
        URI metrics = OptionValues.metricsUrl(spec, metricsUrl, false, checkedUrl, Set.of("http"));
        int pid = serverPid == null ? 0 : within(spec, "--server-pid", serverPid, 1, Integer.MAX_VALUE);
        within(spec, "--max-loss", maxLoss, 0, 100);
        String checkedSecret = OptionValues.secret(spec, secret);
        VideoSettings stream = OptionValues.video(spec, video, videoKbps);
        if (stream == null) {
            throw refuse(spec, "a show needs video: --video none is for calls");
        }
        if (simulcast && (spec.findOption("--video").originalStringValues().size() > 0
                || spec.findOption("--video-kbps").originalStringValues().size() > 0)) {
            throw refuse(spec, "--video and --video-kbps set the one stream of a publisher without --simulcast");
        }
        return new ShowOptions(checkedUrl, subscribers, warmup, duration, rampPerSecond, checkedSecret, metrics, pid,
                maxLoss, simulcast, layers(), stream, edges(), failover);
    }

    private List<EdgeNode> edges() {
        List<URI> urls = edgeUrls == null ? List.of() : edgeUrls;
        List<Integer> pids = edgePids == null ? List.of() : edgePids;
        if (!pids.isEmpty() && pids.size() != urls.size()) {
            throw refuse(spec, "--edge-pid, when given, names one process per --edge-url (" + urls.size() + ")");
        }
        List<EdgeNode> edges = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            URI edge = OptionValues.url(spec, "--edge-url", urls.get(i), Set.of("ws"));
            edges.add(new EdgeNode(edge, pids.isEmpty() ? 0 : within(spec, "--edge-pid", pids.get(i), 1, Integer.MAX_VALUE)));
        }
        return edges;
    }

    private List<String> layers() {
        if (viewerLayers == null) {
            return List.of();
        }
        if (!simulcast) {
            throw refuse(spec, "--viewer-layers needs --simulcast");
        }
        List<String> layers = List.of(viewerLayers.split(",", -1));
        for (String layer : layers) {
            if (!SubscriberOptions.LAYERS.contains(layer)) {
                throw refuse(spec, "--viewer-layers takes low, medium, high or auto, comma-separated, not '"
                        + viewerLayers + "'");
            }
        }
        return layers;
    }
}

package io.livestage.loadtest.cli;

import io.livestage.loadtest.show.ShowOptions;
import io.livestage.loadtest.webrtc.SubscriberOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The {@code show} command line: its flags, their defaults and its help text. */
public final class ShowCommand {

    public static final String USAGE = """
            usage: java -jar livestage-loadtest.jar show [options]

            One publisher starts a show and sends synthetic Opus and 720p VP8 (about 2.5 Mbit/s);
            N subscribers join and subscribe, each with its own ICE/DTLS/SRTP transport, and check
            every packet. Over the timed window it reports the packets the server forwarded per
            second, the server's CPU time per forwarded packet, loss after NACK recovery, and the
            latency from the publisher's send to the subscriber's receipt, and the keyframe requests
            that reached the publisher per stream during the join ramp, the warm-up and the window.

              --url URL               signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)
              --subscribers N         subscribers, 1..2000 (default 50)
              --warmup D              media after the ramp that is not measured (default 5s; 0s for none)
              --duration D            the timed window, e.g. 30s, 2m (default 30s)
              --ramp-per-second N     new subscribers per second (default 50)
              --metrics-url URL       server Prometheus endpoint for packets forwarded, CPU time,
                                      heap and RSS (default: http://<host:port of --url>/metrics)
              --server-pid N          the server's process id: splits its CPU time into user and
                                      system from /proc/N/stat (same machine, Linux)
              --max-loss P            fail when more than P percent of the expected packets never
                                      arrive, not even after NACKs (default 0.1)
              --secret S              HS256 token secret of the server (default: the dev secret)
              --simulcast             the publisher sends its video as three simulcast layers instead:
                                      q 320x180 at 120 kbit/s, h 640x360 at 400 kbit/s, f 1280x720 at
                                      1.2 Mbit/s, each 30 fps with its own SSRC; it answers keyframe
                                      requests per layer and pauses the layers media.layers leaves out
              --viewer-layers L,...   with --simulcast: viewers pin these layers in turn (low, medium,
                                      high or auto) with media.layer right after their first answer,
                                      e.g. low,medium,high (default: none, the server chooses)
              --help                  this text

            The server must announce an address this machine reaches (on loopback:
            LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='["127.0.0.1"]').
            The run ends by itself: publishing (at most 30 s), ramp (at most subscribers/ramp + 30 s),
            --warmup, --duration, up to 40 s to close; then every socket is closed.
            Exit status: 0 when every subscriber connected and stayed, the server forwarded media and the
            loss stayed within --max-loss; 1 when the scenario failed, 2 for a bad command line.
            """;

    private static final Set<String> VALUED = Set.of("url", "subscribers", "warmup", "duration", "ramp-per-second",
            "metrics-url", "server-pid", "max-loss", "secret", "viewer-layers");
    private static final Set<String> SWITCHES = Set.of("help", "simulcast");
    private static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:8080/ws");

    private ShowCommand() {
    }

    public static ShowOptions parse(String[] args) throws UsageException {
        Flags flags = Flags.parse(args, VALUED, SWITCHES);
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI url = flags.url("url", Set.of("ws")).orElse(DEFAULT_URL);
        int subscribers = flags.integer("subscribers", 50, 1, 2_000);
        Duration warmup = flags.duration("warmup", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10));
        Duration duration = flags.duration("duration", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
        int ramp = flags.integer("ramp-per-second", 50, 1, 1_000);
        URI metrics = flags.metricsUrl(url, Set.of("http"));
        int pid = flags.integer("server-pid", 0, 1, Integer.MAX_VALUE);
        double maxLoss = flags.decimal("max-loss", 0.1, 0, 100);
        String secret = flags.secret();
        boolean simulcast = flags.isSet("simulcast");
        List<String> layers = viewerLayers(flags.text("viewer-layers").orElse(null), simulcast);
        return new ShowOptions(url, subscribers, warmup, duration, ramp, secret, metrics, pid, maxLoss, simulcast,
                layers);
    }

    private static List<String> viewerLayers(String value, boolean simulcast) throws UsageException {
        if (value == null) {
            return List.of();
        }
        if (!simulcast) {
            throw new UsageException("--viewer-layers needs --simulcast");
        }
        List<String> layers = List.of(value.split(",", -1));
        for (String layer : layers) {
            if (!SubscriberOptions.LAYERS.contains(layer)) {
                throw new UsageException("--viewer-layers takes low, medium, high or auto, comma-separated, not '"
                        + value + "'");
            }
        }
        return layers;
    }
}

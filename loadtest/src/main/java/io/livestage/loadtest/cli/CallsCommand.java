package io.livestage.loadtest.cli;

import io.livestage.loadtest.calls.CallsOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.signaling.config.AuthConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code calls} command line: its flags, their defaults and its help text. */
public final class CallsCommand {

    public static final String USAGE = """
            usage: java -jar livestage-loadtest.jar calls [options]

            N paid 1:1 calls at once. Per call a consultant goes available and an adult caller, whose
            wallet is credited first, requests; the consultant accepts; both publish synthetic media and
            subscribe to each other over their own ICE/DTLS/SRTP transports. Once every call is up they
            are all held for --minutes of the server's billed minute, then each caller hangs up half a
            minute away from any minute start and both wallets are read. Reports setup time (call.request
            to call.started, and call.started to media arriving both ways), the lateness of every minute's
            call.billing after the first, media received per side, whether the money adds up, and the
            server's CPU, heap and RSS over the hold.

              --url URL               signaling WebSocket, ws:// only (default ws://127.0.0.1:8080/ws)
              --calls N               concurrent calls, 1..2000 (default 200)
              --minutes N             simulated minutes the calls are held, 1..600 (default 3)
              --minute-ms N           the server's billed minute in ms; must equal its calls.minuteMs
                                      (LIVESTAGE_CALLS_MINUTE_MS, dev mode only below 60000), 100..60000
                                      (default 60000)
              --rate N                each consultant's price in coins a minute, within the server's
                                      calls.minRate..maxRate (default 10)
              --ramp-per-second N     calls started per second, 1..200 (default 10)
              --video WxH@FPS         each side's synthetic VP8, e.g. 640x360@30, or 'none' (default 320x240@15)
              --video-kbps N          its bit rate (default 150)
              --no-audio              send no Opus (audio is on by default)
              --secret S              HS256 token secret of the server (default: the dev secret)
              --service-key K         the server's auth.serviceKey, to credit the callers' wallets with
                                      POST /api/wallet/credit (default: the dev key)
              --metrics-url URL       server Prometheus endpoint for CPU, heap, RSS and packets
                                      (default: http://<host:port of --url>/metrics)
              --no-metrics            do not scrape server figures
              --server-pid N          the server's process id: splits its CPU time into user and
                                      system from /proc/N/stat (same machine, Linux)
              --help                  this text

            The server must announce an address this machine reaches (on loopback:
            LIVESTAGE_MEDIA_BIND_ADDRESS=127.0.0.1 LIVESTAGE_MEDIA_ANNOUNCED_ADDRESSES='["127.0.0.1"]').
            The run ends by itself: funding, ramp (at most calls/ramp + 60 s), the hold, then at most one
            minute and 90 s for the hang-ups; every connection is closed.
            Exit status: 0 when every call was set up with media both ways, billed every started minute and
            hung up, and the money adds up; 1 when the scenario failed, 2 for a bad command line.
            """;

    private static final Pattern VIDEO = Pattern.compile("(\\d{1,5})x(\\d{1,5})@(\\d{1,3})");
    private static final Set<String> VALUED = Set.of("url", "calls", "minutes", "minute-ms", "rate",
            "ramp-per-second", "video", "video-kbps", "secret", "service-key", "metrics-url", "server-pid");
    private static final Set<String> SWITCHES = Set.of("no-audio", "no-metrics", "help");
    private static final URI DEFAULT_URL = URI.create("ws://127.0.0.1:8080/ws");
    /** Light enough that 400 publishers and 400 subscribers share two cores with the server. */
    private static final String DEFAULT_VIDEO = "320x240@15";
    private static final double KEYFRAME_SECONDS = 2.0;
    private static final int MAX_PACKET_BYTES = 1200;

    private CallsCommand() {
    }

    public static CallsOptions parse(String[] args) throws UsageException {
        Flags flags = Flags.parse(args, VALUED, SWITCHES);
        // Measured on loopback, where wss:// would only add the generator's own TLS work to every figure.
        URI url = flags.url("url", Set.of("ws")).orElse(DEFAULT_URL);
        int calls = flags.integer("calls", 200, 1, 2_000);
        int minutes = flags.integer("minutes", 3, 1, 600);
        int minuteMs = flags.integer("minute-ms", 60_000, 100, 60_000);
        int rate = flags.integer("rate", 10, 1, 1_000_000);
        int ramp = flags.integer("ramp-per-second", 10, 1, 200);
        int kbps = flags.integer("video-kbps", 150, 8, 20_000);
        VideoSettings video = video(flags.text("video").orElse(DEFAULT_VIDEO), kbps);
        boolean audio = !flags.isSet("no-audio");
        if (!audio && video == null) {
            throw new UsageException("--no-audio with --video none leaves nothing to send");
        }
        String secret = flags.secret();
        String serviceKey = flags.text("service-key").orElse(AuthConfig.DEV_SERVICE_KEY);
        URI metrics = flags.metricsUrl(url, Set.of("http"));
        int pid = flags.integer("server-pid", 0, 1, Integer.MAX_VALUE);
        return new CallsOptions(url, calls, minutes, minuteMs, rate, ramp, audio, video, secret,
                GiftsCommand.creditNextTo(url), serviceKey, metrics, pid);
    }

    private static VideoSettings video(String raw, int kbps) throws UsageException {
        if (raw.toLowerCase(Locale.ROOT).equals("none")) {
            return null;
        }
        Matcher matcher = VIDEO.matcher(raw);
        if (!matcher.matches()) {
            throw new UsageException("--video must look like 320x240@15 or be 'none', not '" + raw + "'");
        }
        try {
            return new VideoSettings(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), kbps * 1000, KEYFRAME_SECONDS, MAX_PACKET_BYTES);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--video " + raw + " at " + kbps + " kbit/s: " + e.getMessage());
        }
    }
}

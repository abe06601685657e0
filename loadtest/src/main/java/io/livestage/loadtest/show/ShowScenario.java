package io.livestage.loadtest.show;

import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.metrics.MachineCpu;
import io.livestage.loadtest.metrics.MetricsScraper;
import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.metrics.ServerSampler;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import io.livestage.loadtest.scenario.PlatformTokens;
import io.livestage.loadtest.scenario.Poll;
import io.livestage.loadtest.scenario.TeeRecorder;
import io.livestage.loadtest.webrtc.JavaPublisher;
import io.livestage.loadtest.webrtc.PublisherOptions;
import io.livestage.loadtest.webrtc.SentStreamStats;
import io.livestage.loadtest.webrtc.SimulcastLayer;
import io.livestage.loadtest.webrtc.SubscriberOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The show scenario: one publisher sends synthetic Opus and 720p VP8 (about 2.5 Mbit/s), or with
 * {@link ShowOptions#simulcast()} three VP8 layers (180p, 360p, 720p; about 1.7 Mbit/s together), subscribers
 * ramp in, each with its own ICE/DTLS/SRTP transport (pinning a layer in turn when asked to); after a warm-up
 * the timed window measures what the server forwarded and what it cost, and what the subscribers received
 * and how late; then everything is closed. The keyframe requests reaching the publisher are counted per
 * stream throughout, so the join ramp's share of them shows.
 * Bounded in time: publishing at most {@link #REQUEST_TIMEOUT} twice, ramp at most subscribers/rate + 30 s,
 * then warm-up and duration, then at most {@link #CLOSE_WAIT} to close.
 */
public final class ShowScenario {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RAMP_GRACE = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    private static final Duration SNAPSHOT_LIMIT = Duration.ofSeconds(5);
    private static final long RAMP_TICK_MILLIS = 10;

    private final ShowOptions options;
    private final PrintStream out;
    private final FailureLog failures = new FailureLog();
    private final LatencyWindow latency = new LatencyWindow();
    private final ServerSampler server;
    private final ScheduledExecutorService control =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("show-scenario", true));

    public ShowScenario(ShowOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.server = new ServerSampler(new MetricsScraper(options.metricsUrl(), false));
    }

    public ShowReport run() throws InterruptedException {
        Duration rampLimit = Duration.ofMillis(1000L * options.subscribers() / options.rampPerSecond()).plus(RAMP_GRACE);
        Duration tokenLifetime = rampLimit.plus(options.warmup()).plus(options.duration()).plus(Duration.ofMinutes(10));
        PlatformTokens tokens = new PlatformTokens(options.secret(), tokenLifetime,
                Long.toString(System.currentTimeMillis(), 36));
        // One loop per core: receiving and decrypting every subscriber's media is the generator's main work.
        try (SignalingConnector connector = new SignalingConnector(ClientOptions.defaults(), 1);
             WebRtcPeerGroup peers = new WebRtcPeerGroup(Runtime.getRuntime().availableProcessors())) {
            return runWith(connector, peers, tokens, rampLimit);
        } finally {
            control.shutdownNow();
        }
    }

    private ShowReport runWith(SignalingConnector connector, WebRtcPeerGroup peers, PlatformTokens tokens,
            Duration rampLimit) throws InterruptedException {
        PublisherOptions publishing = PublisherOptions.defaults().withVideo(options.video()).withAwaitLive(true);
        if (options.simulcast()) {
            publishing = publishing.withSimulcast(SimulcastLayer.standard());
        }
        JavaPublisher publisher;
        try {
            publisher = JavaPublisher.start(connector, options.url(), tokens.host(), peers, publishing)
                    .get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return ShowReport.publisherFailed(options, FailureLog.describe(e));
        }
        SubscriberOptions viewing = SubscriberOptions.of(publisher.roomId()).withSimulcast(options.simulcast());
        List<URI> nodes = new ArrayList<>(List.of(options.url()));
        options.edges().forEach(edge -> nodes.add(edge.url()));
        // Each node's subscribers record their latency apart as well, when there are several nodes.
        List<LatencyWindow> nodeLatency = new ArrayList<>();
        List<SubscriberOptions> nodeOptions = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            LatencyWindow window = nodes.size() == 1 ? latency : new LatencyWindow(new TeeRecorder(latency.recorder()));
            nodeLatency.add(window);
            nodeOptions.add(viewing.withLatency(window.recorder()));
        }
        Audience audience = new Audience(connector, nodes, nodeOptions, tokens, peers, failures, options::layerOf,
                options.failover() ? control : null);
        ShowProgress progress = new ShowProgress(out, audience, options.subscribers(), latency);
        ScheduledFuture<?> printing = control.scheduleAtFixedRate(progress::tick, 1, 1, TimeUnit.SECONDS);
        List<String> streams = videoStreams(publishing);
        // One more for the requests that name no video stream.
        KeyframeRequestLog keyframes = new KeyframeRequestLog(streams.size() + 1);
        ScheduledFuture<?> sampling = control.scheduleAtFixedRate(() -> keyframes.sample(System.nanoTime(),
                publisher.keyframeRequestsByStream()), 1, 1, TimeUnit.SECONDS);
        try {
            progress.phase("ramp");
            ServerFigures rampServerStart = server.sample();
            int rampStart = keyframes.sample(System.nanoTime(), publisher.keyframeRequestsByStream());
            Duration rampTime = rampUp(audience, rampLimit);
            int rampEnd = keyframes.sample(System.nanoTime(), publisher.keyframeRequestsByStream());
            ServerFigures rampServerEnd = server.sample();
            progress.phase("warmup");
            Thread.sleep(options.warmup().toMillis());
            progress.phase("timed");
            Measurement start = measure(audience, publisher);
            int windowStart = keyframes.sample(System.nanoTime(), publisher.keyframeRequestsByStream());
            latency.restart();
            nodeLatency.forEach(LatencyWindow::restart);
            Thread.sleep(options.duration().toMillis());
            Measurement end = measure(audience, publisher);
            List<NodeShare> shares = shares(nodes, audience.connectedByNode(), nodeLatency, start, end);
            int windowEnd = keyframes.sample(System.nanoTime(), publisher.keyframeRequestsByStream());
            LatencySummary added = LatencySummary.of(latency.total());
            long held = audience.held();
            VideoFigures video = new VideoFigures(options.simulcast(), streams, publisher.videoSsrcs(), List.of(
                    keyframes.phase("ramp", rampStart, rampEnd, rampServerStart, rampServerEnd),
                    keyframes.phase("warm-up", rampEnd, windowStart, rampServerEnd, start.server()),
                    keyframes.phase("timed", windowStart, windowEnd, start.server(), end.server())),
                    publisher.layerEvents(), publisher.lastActiveLayers(), audience.byLayer(), audience.offPin());
            printing.cancel(false);
            sampling.cancel(false);
            progress.phase("close");
            audience.closeAll(CLOSE_WAIT);
            publisher.close().orTimeout(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS).exceptionally(failure -> {
                failures.record("close", failure);
                return null;
            }).join();
            return new ShowReport(options, peers.transportName(), "", audience.connected(), audience.failed(), held,
                    rampTime, start, end, added, server.note(), failures.snapshot(), video, shares, audience.failover());
        } finally {
            printing.cancel(false);
            sampling.cancel(false);
        }
    }

    /** Each node's part of the timed window, the publisher's node first. */
    private static List<NodeShare> shares(List<URI> nodes, int[] subscribers, List<LatencyWindow> latency,
                                          Measurement start, Measurement end) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        List<NodeShare> shares = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            ProcessCpu before = i == 0 ? start.serverCpu() : start.edgeCpu().get(i - 1);
            ProcessCpu after = i == 0 ? end.serverCpu() : end.edgeCpu().get(i - 1);
            shares.add(new NodeShare((i == 0 ? "publisher's " : "edge ") + nodes.get(i).getAuthority(), subscribers[i],
                    end.receivedByNode()[i] - start.receivedByNode()[i], seconds,
                    before == null || after == null ? null : after.since(before),
                    LatencySummary.of(latency.get(i).total())));
        }
        return shares;
    }

    /** The publisher's video streams for people, simulcast layers lowest first: rid (or "video"), size, rate. */
    private static List<String> videoStreams(PublisherOptions publishing) {
        List<String> names = new ArrayList<>();
        for (SimulcastLayer layer : publishing.simulcast()) {
            names.add(layer.rid() + " " + describe(layer.video()));
        }
        if (names.isEmpty()) {
            names.add("video " + describe(publishing.video()));
        }
        return names;
    }

    private static String describe(VideoSettings video) {
        return video.width() + "x" + video.height() + " " + video.bitsPerSecond() / 1000 + " kbit/s";
    }

    /** Starts subscribers at the configured rate until each has connected or failed, or the limit passes. */
    private Duration rampUp(Audience audience, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        ScheduledFuture<?> ticker = control.scheduleAtFixedRate(() -> {
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            long due = Math.min(options.subscribers(), (long) Math.ceil(elapsedSeconds * options.rampPerSecond()));
            while (audience.started() < due) {
                audience.startNext();
            }
        }, 0, RAMP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        Poll.until(() -> audience.connected() + audience.failed() >= options.subscribers(), limit);
        ticker.cancel(false);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Measurement measure(Audience audience, JavaPublisher publisher) throws InterruptedException {
        // The clock and the server's counters first and together: forwarded packets per second divides by the clock.
        long nanos = System.nanoTime();
        ServerFigures figures = server.sample();
        ProcessCpu serverCpu = options.serverPid() == 0 ? null : cpu(Long.toString(options.serverPid()));
        ProcessCpu generatorCpu = cpu("self");
        MachineCpu machineCpu = machineCpu();
        List<SentStreamStats> streams = publisher.sent();
        long sent = 0;
        for (SentStreamStats stream : streams) {
            sent += stream.packets();
        }
        List<ProcessCpu> edgeCpu = new ArrayList<>();
        for (EdgeNode edge : options.edges()) {
            edgeCpu.add(edge.pid() == 0 ? null : cpu(Long.toString(edge.pid())));
        }
        Audience.Snapshot snapshot = audience.snapshot(SNAPSHOT_LIMIT);
        return new Measurement(nanos, figures, serverCpu, generatorCpu, machineCpu, snapshot.totals(), sent, streams,
                snapshot.receivedByNode(), edgeCpu);
    }

    private MachineCpu machineCpu() {
        try {
            return MachineCpu.read();
        } catch (IOException e) {
            failures.record("cpu of the machine", e);
            return null;
        }
    }

    /** A process's CPU time so far, or null for no process or off Linux (the figure is left out). */
    private ProcessCpu cpu(String pid) {
        return ProcessCpu.readOrNull(pid, failures::record);
    }
}

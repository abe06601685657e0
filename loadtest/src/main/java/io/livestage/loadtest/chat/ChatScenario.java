package io.livestage.loadtest.chat;

import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.metrics.MetricsScraper;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.metrics.ServerSampler;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import io.livestage.loadtest.scenario.PlatformTokens;
import io.livestage.loadtest.scenario.Poll;
import io.livestage.loadtest.scenario.ProgressLine;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat scenario: a host starts a show, viewers ramp in, the host chats through a warm-up and then for
 * the configured duration, every viewer counts every delivery and times those after the warm-up, then
 * everything is closed. Bounded in time: ramp at most viewers/rate + 30 s, then warm-up and duration, then
 * at most {@link #DRAIN} for the last deliveries.
 */
public final class ChatScenario {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RAMP_GRACE = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    private static final long RAMP_TICK_MILLIS = 10;

    private final ChatOptions options;
    private final PrintStream out;
    private final ChatCounters counters = new ChatCounters();
    private final FailureLog failures = new FailureLog();
    private final LatencyWindow latencyMicros = new LatencyWindow();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ScheduledExecutorService control =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("chat-scenario", true));
    private final ServerSampler server;

    public ChatScenario(ChatOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.server = new ServerSampler(options.metricsUrl() == null ? null
                : new MetricsScraper(options.metricsUrl(), options.trustAllCertificates()));
    }

    public ChatReport run() throws InterruptedException {
        Duration rampLimit = Duration.ofMillis(1000L * options.viewers() / options.rampPerSecond()).plus(RAMP_GRACE);
        // Tokens outlive the whole run; the run id keeps user ids of successive runs apart.
        Duration tokenLifetime = rampLimit.plus(options.warmup()).plus(options.duration()).plus(Duration.ofMinutes(10));
        PlatformTokens tokens = new PlatformTokens(options.secret(), tokenLifetime,
                Long.toString(System.currentTimeMillis(), 36));
        ClientOptions clientOptions = ClientOptions.defaults().withTrustAllCertificates(options.trustAllCertificates());
        ProgressLine progress = new ProgressLine(out, latencyMicros, counters::progress);
        try (SignalingConnector connector = new SignalingConnector(clientOptions)) {
            ScheduledFuture<?> printing = control.scheduleAtFixedRate(progress::tick, 1, 1, TimeUnit.SECONDS);
            try {
                return runWith(connector, tokens, rampLimit, progress);
            } finally {
                printing.cancel(false);
            }
        } finally {
            control.shutdownNow();
        }
    }

    private ChatReport runWith(SignalingConnector connector, PlatformTokens tokens, Duration rampLimit,
                               ProgressLine progress) throws InterruptedException {
        progress.phase("host");
        ChatHost host;
        try {
            host = ChatHost.start(connector, options.url(), tokens.host(), REQUEST_TIMEOUT)
                    .get(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return ChatReport.hostFailed(options, connector.transportName(), FailureLog.describe(e));
        }

        progress.phase("ramp");
        long warmupChats = Math.round(options.warmup().toMillis() / 1000.0 * options.chatRate());
        ViewerRamp ramp = new ViewerRamp(connector, options.url(), tokens, host.roomId(), REQUEST_TIMEOUT,
                new ViewerListener(counters, latencyMicros.recorder(), warmupChats + 1), counters, failures, closing);
        Duration rampTime = rampUp(ramp, rampLimit);
        ServerFigures afterRamp = server.sample();

        long audience = counters.joined.sum() - counters.dropped.sum();
        Duration chatTime = chat(host, warmupChats, progress);

        progress.phase("drain");
        Poll.until(() -> counters.chatAccepted.sum() + counters.chatRejected.sum() >= counters.chatSent.sum()
                && counters.chatReceived.sum() >= counters.chatAccepted.sum() * audience, DRAIN);
        long accepted = counters.chatAccepted.sum();
        long held = ramp.joinedViewers().stream().filter(SignalingClient::isOpen).count();
        ServerFigures atEnd = server.sample();

        progress.phase("close");
        closeAll(host, ramp);
        progress.tick();
        return new ChatReport(options, connector.transportName(), "", counters.joined.sum(),
                counters.connectFailures.sum(), counters.authFailures.sum(), counters.joinFailures.sum(),
                counters.dropped.sum(), held, rampTime, chatTime, counters.chatSent.sum(), warmupChats, accepted,
                counters.chatRejected.sum(), accepted * audience, counters.chatReceived.sum(),
                LatencySummary.of(latencyMicros.total()), afterRamp, atEnd, server.note(),
                generatorHeap(), failures.snapshot());
    }

    /** Starts viewers at the configured rate until each has joined or failed, or the ramp limit passes. */
    private Duration rampUp(ViewerRamp ramp, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        ScheduledFuture<?> ticker = control.scheduleAtFixedRate(() -> {
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            long due = Math.min(options.viewers(), (long) Math.ceil(elapsedSeconds * options.rampPerSecond()));
            while (ramp.started() < due) {
                ramp.startNext();
            }
        }, 0, RAMP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        Poll.until(() -> counters.joined.sum() + counters.failedViewers() >= options.viewers(), limit);
        ticker.cancel(false);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The host chats at the configured rate through the warm-up and the timed duration. */
    private Duration chat(ChatHost host, long warmupChats, ProgressLine progress) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        // Exactly (warm-up + duration) x rate messages, so the achieved rate reads as the requested one.
        long total = warmupChats + Math.max(1, Math.round(options.duration().toMillis() / 1000.0 * options.chatRate()));
        long periodNanos = (long) (1e9 / options.chatRate());
        long start = System.nanoTime();
        ScheduledFuture<?> sender = control.scheduleAtFixedRate(() -> {
            if (sequence.get() < total) {
                host.chat(sequence.incrementAndGet(), counters, failures);
            }
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        progress.phase("warmup");
        Thread.sleep(options.warmup().toMillis());
        progress.phase("chat");
        Thread.sleep(options.duration().toMillis());
        sender.cancel(false);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void closeAll(ChatHost host, ViewerRamp ramp) throws InterruptedException {
        closing.set(true);
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        closed.add(host.endShow());
        for (SignalingClient viewer : ramp.joinedViewers()) {
            closed.add(viewer.close());
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Whatever is still open goes when the connector's event loops shut down.
            failures.record("close", e);
        }
    }

    private static long generatorHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

package io.livestage.loadtest.gifts;

import io.livestage.loadtest.client.ClientOptions;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.metrics.MetricsScraper;
import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.metrics.ServerSampler;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.LatencyWindow;
import io.livestage.loadtest.scenario.PlatformTokens;
import io.livestage.loadtest.scenario.Poll;
import io.livestage.loadtest.scenario.ProgressLine;
import io.livestage.loadtest.scenario.WalletFunding;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gifts scenario: a host per room starts a show, senders and viewers join the rooms, the senders'
 * wallets are credited, then gifts flow at the configured rate through a warm-up and the timed window;
 * every member checks every gift event against the senders' replies, then everything is closed. Bounded in
 * time: shows at most {@link #REQUEST_TIMEOUT} twice, ramp at most connections/rate + 30 s, warm-up and
 * duration, at most {@link #DRAIN} for the last deliveries and {@link #CLOSE_WAIT} to close.
 */
public final class GiftsScenario {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RAMP_GRACE = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(15);
    /** After every gift arrived everywhere: time for a late duplicate to show itself. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);
    private static final long RAMP_TICK_MILLIS = 10;
    private static final long SEND_TICK_MICROS = 1_000;
    /** The server's default {@code limits.messagesPerSecond}, which gift senders are subject to. */
    private static final double DEFAULT_SENDER_LIMIT = 50;
    /** Coins beyond the exact need, so a sender's share rounding up never runs dry. */
    private static final long SPARE_COINS = 100;

    private final GiftsOptions options;
    private final PrintStream out;
    private final GiftCounters counters;
    private final FailureLog failures = new FailureLog();
    private final LatencyWindow latency = new LatencyWindow();
    private final GiftBook book = new GiftBook(latency.recorder());
    private final ServerSampler server;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final ScheduledExecutorService control =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("gifts-scenario", true));

    public GiftsScenario(GiftsOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.counters = new GiftCounters(options.rooms());
        this.server = new ServerSampler(options.metricsUrl() == null ? null : new MetricsScraper(options.metricsUrl(), false));
    }

    public GiftsReport run() throws InterruptedException {
        int connections = options.viewers() + options.senders();
        Duration rampLimit = Duration.ofMillis(1000L * connections / options.rampPerSecond()).plus(RAMP_GRACE);
        Duration tokenLifetime = rampLimit.plus(options.warmup()).plus(options.duration()).plus(Duration.ofMinutes(10));
        PlatformTokens tokens = new PlatformTokens(options.secret(), tokenLifetime, runId);
        double perSender = options.rate() / options.senders();
        if (perSender > DEFAULT_SENDER_LIMIT) {
            out.printf("note: each sender sends %.1f gifts/s, above the server's default limit of %.0f requests/s per"
                    + " connection; raise LIVESTAGE_LIMITS_MESSAGES_PER_SECOND or add senders%n", perSender,
                    DEFAULT_SENDER_LIMIT);
        }
        ProgressLine progress = new ProgressLine(out, latency, counters::progress);
        try (SignalingConnector connector = new SignalingConnector(ClientOptions.defaults());
             RedisWindow redis = new RedisWindow(options.redisUri())) {
            ScheduledFuture<?> printing = control.scheduleAtFixedRate(progress::tick, 1, 1, TimeUnit.SECONDS);
            try {
                return runWith(new GiftAudience(connector, options, tokens, REQUEST_TIMEOUT, book, counters, failures),
                        rampLimit, progress, redis);
            } finally {
                printing.cancel(false);
            }
        } finally {
            control.shutdownNow();
        }
    }

    private GiftsReport runWith(GiftAudience audience, Duration rampLimit, ProgressLine progress, RedisWindow redis)
            throws InterruptedException {
        progress.phase("shows");
        try {
            audience.startShows();
        } catch (ExecutionException | TimeoutException e) {
            audience.closeAll();
            return GiftsReport.hostFailed(options, FailureLog.describe(e), failures.snapshot());
        }
        progress.phase("ramp");
        Duration rampTime = rampUp(audience, rampLimit);
        List<GiftSender> senders = audience.senders();
        progress.phase("fund");
        fund(senders);
        long[] funded = balances(senders);
        int[] members = counters.membersPerRoom();

        long sendStart = System.nanoTime();
        ScheduledFuture<?> sending = startSending(senders);
        progress.phase("warmup");
        Thread.sleep(options.warmup().toMillis());
        long windowStart = System.nanoTime();
        ServerFigures atStart = server.sample();
        redis.start(counters.accepted.sum());
        long deliveredAtStart = counters.delivered.sum();
        ProcessCpu serverCpuAtStart = cpu(options.serverPid() == 0 ? null : Integer.toString(options.serverPid()));
        ProcessCpu generatorCpuAtStart = cpu("self");
        progress.phase("timed");
        Thread.sleep(options.duration().toMillis());
        Poll.until(() -> counters.sent.sum() >= options.totalGifts() || senders.isEmpty(), Duration.ofSeconds(5));
        sending.cancel(false);
        Duration sendTime = Duration.ofNanos(System.nanoTime() - sendStart);

        progress.phase("drain");
        Poll.until(() -> counters.accepted.sum() + counters.busy.sum() + counters.refused.sum() >= counters.sent.sum()
                && book.tally(members).lost() == 0, DRAIN);
        Duration window = Duration.ofNanos(System.nanoTime() - windowStart);
        long windowDelivered = counters.delivered.sum() - deliveredAtStart;
        ServerFigures atEnd = server.sample();
        ProcessCpu serverCpu = since(cpu(options.serverPid() == 0 ? null : Integer.toString(options.serverPid())),
                serverCpuAtStart);
        ProcessCpu generatorCpu = since(cpu("self"), generatorCpuAtStart);
        GiftsReport.RedisFigures redisFigures = redis.end(counters.accepted.sum());
        Thread.sleep(SETTLE.toMillis());
        long charged = charged(funded, balances(senders));
        long held = audience.held();

        progress.phase("close");
        try {
            audience.closeAll().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Whatever is still open goes when the connector's event loops shut down.
            failures.record("close", e);
        }
        progress.tick();
        GiftsReport.Members joined = new GiftsReport.Members(counters.joined.sum() + options.rooms(),
                counters.connectFailures.sum(), counters.authFailures.sum(), counters.joinFailures.sum(),
                counters.dropped.sum(), held, rampTime);
        GiftsReport.Sending sent = new GiftsReport.Sending(counters.sent.sum(), options.warmupGifts(),
                counters.accepted.sum(), counters.busy.sum(), counters.refused.sum(), charged, sendTime);
        return new GiftsReport(options, "", joined, sent, book.tally(members), counters.duplicates.sum(),
                counters.misrouted.sum(), LatencySummary.of(latency.total()), atStart, atEnd, window, windowDelivered,
                serverCpu, generatorCpu, redisFigures, server.note(), generatorHeap(), failures.snapshot());
    }

    /** Starts senders and viewers at the configured rate until each has joined or failed, or the limit passes. */
    private Duration rampUp(GiftAudience audience, Duration limit) throws InterruptedException {
        int connections = options.viewers() + options.senders();
        long start = System.nanoTime();
        ScheduledFuture<?> ticker = control.scheduleAtFixedRate(() -> {
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            long due = Math.min(connections, (long) Math.ceil(elapsedSeconds * options.rampPerSecond()));
            while (audience.started() < due) {
                audience.startNext();
            }
        }, 0, RAMP_TICK_MILLIS, TimeUnit.MILLISECONDS);
        Poll.until(() -> counters.joined.sum() + counters.failedMembers() >= connections, limit);
        ticker.cancel(false);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Each sender's balance, or -1 where the server did not say. */
    private long[] balances(List<GiftSender> senders) throws InterruptedException {
        List<CompletableFuture<Long>> asked = senders.stream().map(sender -> sender.balance(REQUEST_TIMEOUT)).toList();
        long[] balances = new long[asked.size()];
        for (int i = 0; i < balances.length; i++) {
            try {
                balances[i] = asked.get(i).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failures.record("wallet.balance", e);
                balances[i] = -1;
            }
        }
        return balances;
    }

    /** Coins the senders' wallets lost between funding and the end, or -1 when a balance is missing. */
    private static long charged(long[] before, long[] after) {
        long charged = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                return -1;
            }
            charged += before[i] - after[i];
        }
        return charged;
    }

    /** Credits every sender what its share of the gifts costs (a rose is one coin). */
    private void fund(List<GiftSender> senders) throws InterruptedException {
        if (senders.isEmpty()) {
            return;
        }
        long coins = (options.totalGifts() + senders.size() - 1) / senders.size() + SPARE_COINS;
        new WalletFunding(options.creditUrl(), options.serviceKey())
                .credit(senders.stream().map(GiftSender::userId).toList(), coins, failures);
    }

    /** Gifts go round-robin over the senders, at the total rate, until every gift of the run is sent. */
    private ScheduledFuture<?> startSending(List<GiftSender> senders) {
        long start = System.nanoTime();
        long[] next = {0};
        return control.scheduleAtFixedRate(() -> {
            if (senders.isEmpty()) {
                return;
            }
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            long due = Math.min(options.totalGifts(), (long) Math.ceil(elapsedSeconds * options.rate()));
            for (; next[0] < due; next[0]++) {
                long sequence = next[0];
                senders.get((int) (sequence % senders.size())).send(runId + "-" + sequence,
                        sequence >= options.warmupGifts(), REQUEST_TIMEOUT, book, counters, failures);
            }
        }, 0, SEND_TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    /** A process's CPU time so far, or null for no process or off Linux (the figure is left out). */
    private ProcessCpu cpu(String pid) {
        return ProcessCpu.readOrNull(pid, failures::record);
    }

    private static ProcessCpu since(ProcessCpu now, ProcessCpu earlier) {
        return now == null || earlier == null ? null : now.since(earlier);
    }

    private static long generatorHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

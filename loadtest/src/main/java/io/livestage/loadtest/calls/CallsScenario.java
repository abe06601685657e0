package io.livestage.loadtest.calls;

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
import io.livestage.loadtest.scenario.ProgressLine;
import io.livestage.loadtest.scenario.WalletFunding;
import io.livestage.loadtest.webrtc.WebRtcPeerGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * The calls scenario: the callers' wallets are credited, then calls ramp in at the configured rate, each on
 * a thread of its own ({@link SimulatedCall}); once every call is up (or failed) they are all held for the
 * configured simulated minutes, the server's and this process's CPU measured over that hold; then each
 * caller hangs up, both wallets are read and the money is checked. Bounded in time: the ramp at most
 * {@link CallsOptions#rampLimit()}, the hold, then at most a minute and {@link #WIND_DOWN} for the hang-ups.
 */
public final class CallsScenario {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WIND_DOWN = Duration.ofSeconds(90);

    private final CallsOptions options;
    private final PrintStream out;
    private final CallCounters counters = new CallCounters();
    private final FailureLog failures = new FailureLog();
    private final LatencyWindow tickLateness = new LatencyWindow();
    private final ServerSampler server;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final ScheduledExecutorService control =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("calls-scenario", true));
    private final ExecutorService callThreads;

    public CallsScenario(CallsOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.server = new ServerSampler(options.metricsUrl() == null ? null : new MetricsScraper(options.metricsUrl(), false));
        this.callThreads = Executors.newFixedThreadPool(options.calls(), new DefaultThreadFactory("call", true));
    }

    public CallsReport run() throws InterruptedException {
        Duration lifetime = options.rampLimit().plus(options.hold()).plus(WIND_DOWN).plus(Duration.ofMinutes(10));
        PlatformTokens tokens = new PlatformTokens(options.secret(), lifetime, runId);
        ProgressLine progress = new ProgressLine(out, tickLateness, counters::progress);
        try (SignalingConnector connector = new SignalingConnector(ClientOptions.defaults());
             WebRtcPeerGroup peers = new WebRtcPeerGroup(Runtime.getRuntime().availableProcessors())) {
            ScheduledFuture<?> printing = control.scheduleAtFixedRate(progress::tick, 1, 1, TimeUnit.SECONDS);
            try {
                return runWith(connector, peers, tokens, progress);
            } finally {
                printing.cancel(false);
                progress.tick();
            }
        } finally {
            callThreads.shutdownNow();
            control.shutdownNow();
        }
    }

    private CallsReport runWith(SignalingConnector connector, WebRtcPeerGroup peers, PlatformTokens tokens,
            ProgressLine progress) throws InterruptedException {
        progress.phase("fund");
        long credit = options.creditPerCaller();
        new WalletFunding(options.creditUrl(), options.serviceKey()).credit(
                IntStream.range(0, options.calls()).mapToObj(tokens::callerId).toList(), credit, failures);

        progress.phase("ramp");
        CompletableFuture<Long> holdEnd = new CompletableFuture<>();
        Duration holdEndLimit = options.rampLimit().plus(options.hold()).plus(WIND_DOWN);
        List<Future<CallOutcome>> outcomes = new ArrayList<>();
        long rampStart = System.nanoTime();
        for (int index = 0; index < options.calls(); index++) {
            sleepUntil(rampStart + TimeUnit.SECONDS.toNanos(index) / options.rampPerSecond());
            SimulatedCall call = new SimulatedCall(index, options, REQUEST_TIMEOUT, counters, failures,
                    tickLateness.recorder());
            outcomes.add(callThreads.submit(() -> call.run(connector, tokens, peers, holdEnd, holdEndLimit)));
        }
        long deadline = rampStart + options.rampLimit().toNanos();
        Poll.until(() -> counters.ready.sum() + counters.failed.sum() >= options.calls(),
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        Duration rampTime = Duration.ofNanos(System.nanoTime() - rampStart);
        long heldCalls = counters.flowing.sum() - counters.ended.sum();

        progress.phase("hold");
        Sample atStart = sample();
        Thread.sleep(options.hold().toMillis());
        Sample atEnd = sample();
        long stillFlowing = counters.flowing.sum() - counters.ended.sum();
        holdEnd.complete(System.nanoTime());

        progress.phase("hang-up");
        List<CallOutcome> results = collect(outcomes);
        return new CallsReport(options, credit, rampTime, heldCalls, stillFlowing, results,
                LatencySummary.of(tickLateness.total()), MoneyCheck.of(results, credit, options.rate()),
                atStart.server, atEnd.server, Duration.ofNanos(atEnd.nanos - atStart.nanos),
                since(atEnd.serverCpu, atStart.serverCpu), since(atEnd.generatorCpu, atStart.generatorCpu),
                atStart.machineCpu == null || atEnd.machineCpu == null ? null : atEnd.machineCpu.since(atStart.machineCpu),
                server.note(), generatorHeap(), failures.snapshot());
    }

    /** Every call's outcome; a call that does not finish within a minute and the wind-down counts as failed. */
    private List<CallOutcome> collect(List<Future<CallOutcome>> outcomes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.minuteMs()) + WIND_DOWN.toNanos();
        List<CallOutcome> results = new ArrayList<>();
        for (Future<CallOutcome> outcome : outcomes) {
            try {
                results.add(outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException | TimeoutException e) {
                failures.record("call", e);
                outcome.cancel(true);
                results.add(CallOutcome.unfinished());
            }
        }
        return results;
    }

    /** Server, generator and machine figures at one instant of the hold. */
    private record Sample(long nanos, ServerFigures server, ProcessCpu serverCpu, ProcessCpu generatorCpu,
            MachineCpu machineCpu) {
    }

    private Sample sample() throws InterruptedException {
        ServerFigures figures = server.sample();
        return new Sample(System.nanoTime(), figures,
                options.serverPid() == 0 ? null : cpu(Integer.toString(options.serverPid())), cpu("self"), machineCpu());
    }

    /** A process's CPU time so far, or null for no process or off Linux (the figure is left out). */
    private ProcessCpu cpu(String pid) {
        return ProcessCpu.readOrNull(pid, failures::record);
    }

    private MachineCpu machineCpu() {
        try {
            return MachineCpu.read();
        } catch (IOException e) {
            failures.record("machine cpu", e);
            return null;
        }
    }

    private static ProcessCpu since(ProcessCpu now, ProcessCpu earlier) {
        return now == null || earlier == null ? null : now.since(earlier);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static long generatorHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

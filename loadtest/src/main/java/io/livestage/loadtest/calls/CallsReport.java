package io.livestage.loadtest.calls;

import io.livestage.loadtest.metrics.MachineCpu;
import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.scenario.Units;
import io.livestage.loadtest.webrtc.VideoSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one calls run: how many calls got up and held, how long their setup took, whether every
 * minute was billed on time, what media arrived, whether the money adds up, and what the hold cost.
 *
 * @param credit        coins each caller was credited
 * @param rampTime      from the first call until every call was held or failed
 * @param heldCalls     calls with media flowing both ways when the hold started
 * @param stillFlowing  of those, calls not ended when the hold ended
 * @param tickLateness  each tick after a call's first: arrival after call.started + k minutes, in microseconds
 * @param serverAtStart server figures when the hold started, or null
 * @param serverAtEnd   server figures when it ended, or null
 * @param hold          the hold as measured
 * @param serverCpu     the server's CPU time over the hold from {@code /proc}, or null without --server-pid
 * @param generatorCpu  this JVM's CPU time over the hold, or null off Linux
 * @param machineCpu    the whole machine's CPU time over the hold, or null off Linux
 */
public record CallsReport(
        CallsOptions options,
        long credit,
        Duration rampTime,
        long heldCalls,
        long stillFlowing,
        List<CallOutcome> calls,
        LatencySummary tickLateness,
        MoneyCheck money,
        ServerFigures serverAtStart,
        ServerFigures serverAtEnd,
        Duration hold,
        ProcessCpu serverCpu,
        ProcessCpu generatorCpu,
        MachineCpu machineCpu,
        String metricsNote,
        long generatorHeapBytes,
        Map<String, Long> failureCauses) implements ScenarioReport {

    public long started() {
        return calls.stream().filter(CallOutcome::started).count();
    }

    public long failed() {
        return calls.stream().filter(CallOutcome::failed).count();
    }

    public long hungUp() {
        return calls.stream().filter(call -> "hangup".equals(call.endReason())).count();
    }

    public long expectedTicks() {
        return sum(CallOutcome::expectedTicks);
    }

    public long receivedTicks() {
        return sum(CallOutcome::receivedTicks);
    }

    public long earlyTicks() {
        return sum(CallOutcome::earlyTicks);
    }

    public LatencySummary setup() {
        return summary(CallOutcome::setupNanos);
    }

    public LatencySummary mediaSetup() {
        return summary(CallOutcome::mediaNanos);
    }

    /** What the callers received: the consultants' media. */
    public ReceiveTotals callerSide() {
        return total(CallOutcome::callerReceived);
    }

    /** What the consultants received: the callers' media. */
    public ReceiveTotals consultantSide() {
        return total(CallOutcome::consultantReceived);
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (failed() > 0) {
            problems.add(failed() + " of " + options.calls() + " calls failed (see causes)");
        }
        if (expectedTicks() > receivedTicks()) {
            problems.add((expectedTicks() - receivedTicks()) + " minute ticks missing");
        }
        if (!money.addsUp()) {
            problems.add("the money does not add up");
        }
        return problems;
    }

    @Override
    public void print(PrintStream out) {
        out.printf("%n== calls: %d calls, %d simulated minutes of %d ms held, %d coins/min, %s, %s ==%n",
                options.calls(), options.minutes(), options.minuteMs(), options.rate(), media(), options.url());
        out.printf("calls        %d started, %d with media both ways, %d hung up, %d failed; ramp %s at %d calls/s%n",
                started(), calls.stream().filter(c -> c.mediaNanos() >= 0).count(), hungUp(), failed(),
                Units.seconds(rampTime), options.rampPerSecond());
        out.printf("hold         %d calls with media held for %s, %d still up at its end%n", heldCalls,
                Units.seconds(hold), stillFlowing);
        print(out, "setup        call.request to the caller's call.started", setup());
        print(out, "media        call.started to media arriving both ways", mediaSetup());
        out.printf("ticks        %d of %d minute starts billed after each call's first, %d missing; %d early"
                        + " (by at most %s: call.started reached both parties late)%n", receivedTicks(), expectedTicks(),
                Math.max(0, expectedTicks() - receivedTicks()), earlyTicks(),
                LatencySummary.millis(calls.stream().mapToLong(CallOutcome::mostEarlyNanos).max().orElse(0) / 1000));
        print(out, "  lateness after the earlier call.started + k x minute", tickLateness);
        printMedia(out, "media in     callers got", callerSide());
        printMedia(out, "             consultants got", consultantSide());
        printMoney(out);
        printCost(out);
        if (!failureCauses.isEmpty()) {
            out.println("failure causes");
            failureCauses.forEach((cause, count) -> out.printf("  %6d x %s%n", count, cause));
        }
        out.println(verdict());
    }

    private String media() {
        VideoSettings video = options.video();
        String audio = options.audio() ? "Opus" : "";
        if (video == null) {
            return audio;
        }
        return (audio.isEmpty() ? "" : audio + " + ") + String.format("VP8 %dx%d@%d %d kbit/s", video.width(),
                video.height(), video.framesPerSecond(), video.bitsPerSecond() / 1000);
    }

    private static void print(PrintStream out, String title, LatencySummary latency) {
        out.printf("%s (%d)%n  p50 %s  p99 %s  max %s%n", title, latency.count(), LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p99()), LatencySummary.millis(latency.max()));
    }

    private static void printMedia(PrintStream out, String title, ReceiveTotals side) {
        out.printf("%s %d packets of %d expected, %d missing (%.3f %%), %d recovered by NACK, %d payload mismatches%n",
                title, side.received(), side.expected(), side.missing(), side.lossPercent(), side.recovered(),
                side.payloadMismatches());
    }

    private void printMoney(PrintStream out) {
        out.printf("money adds up: %s%n", money.addsUp() ? "yes" : "no");
        out.printf("  %d calls settled (%d started calls unread): charged %d, callers debited %d (credit %d each),"
                + " consultants earned %d%n", money.settled(), money.unsettled(), money.charged(), money.debited(),
                credit, money.earned());
        if (money.mismatched() > 0) {
            out.printf("  %d calls disagree:%n", money.mismatched());
            money.mismatches().forEach(line -> out.println("    " + line));
        }
    }

    private void printCost(PrintStream out) {
        out.printf("server       at hold start: %s%n", ServerFigures.memory(serverAtStart));
        out.printf("             at hold end:   %s%n", ServerFigures.memory(serverAtEnd));
        if (serverAtStart != null && serverAtEnd != null && serverAtStart.cpuNanos() >= 0) {
            long cpu = serverAtEnd.cpuNanos() - serverAtStart.cpuNanos();
            long forwarded = serverAtEnd.packetsForwarded() - serverAtStart.packetsForwarded();
            long in = serverAtEnd.rtpIn() - serverAtStart.rtpIn();
            out.printf("             CPU %.0f %% of a core over the hold%s; %.0f packets/s in, %.0f forwarded/s,"
                            + " %.1f us CPU per forwarded packet%n", percent(cpu),
                    serverCpu == null ? "" : String.format(" (user %.0f %%, system %.0f %%)",
                            percent(serverCpu.userNanos()), percent(serverCpu.systemNanos())),
                    in / seconds(), forwarded / seconds(), cpu / 1000.0 / Math.max(1, forwarded));
        }
        if (!metricsNote.isEmpty()) {
            out.printf("             (%s)%n", metricsNote);
        }
        out.printf("generator    heap used %s%s%n", Units.mebibytes(generatorHeapBytes),
                generatorCpu == null ? "" : String.format(", CPU %.0f %% of a core over the hold",
                        percent(generatorCpu.totalNanos())));
        if (machineCpu != null) {
            long all = machineCpu.busyNanos() + machineCpu.idleNanos();
            out.printf("machine      %.0f %% busy over the hold (all cores)%n",
                    100.0 * machineCpu.busyNanos() / Math.max(1, all));
        }
    }

    private double percent(long nanos) {
        return 100.0 * nanos / Math.max(1, hold.toNanos());
    }

    private double seconds() {
        return Math.max(0.001, hold.toMillis() / 1000.0);
    }

    private long sum(ToLongFunction<CallOutcome> figure) {
        return calls.stream().mapToLong(figure).sum();
    }

    private LatencySummary summary(ToLongFunction<CallOutcome> nanos) {
        Histogram micros = new Histogram(3);
        calls.stream().mapToLong(nanos).filter(value -> value >= 0).forEach(value -> micros.recordValue(value / 1000));
        return LatencySummary.of(micros);
    }

    private ReceiveTotals total(Function<CallOutcome, ReceiveTotals> side) {
        return calls.stream().map(side).reduce(ReceiveTotals.NONE, ReceiveTotals::plus);
    }
}

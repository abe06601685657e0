package io.livestage.loadtest.gifts;

import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.scenario.Units;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one gifts run: who got in, what was sent, what arrived (per gift and member), how fast,
 * and what it cost the server and Redis.
 *
 * @param hostFailure    why the shows could not start (nothing else ran), or empty
 * @param duplicates     gift events a member saw twice
 * @param misrouted      gift events of another room than the member's
 * @param serverAtStart  server figures when the timed window started (after ramp and warm-up), or null
 * @param serverAtEnd    server figures after the last deliveries, or null
 * @param window         from the timed window's start until the last delivery came in
 * @param windowDelivered first sightings in that window
 * @param serverCpu      the server's CPU time in that window from {@code /proc}, or null without --server-pid
 * @param generatorCpu   this JVM's CPU time in that window, or null off Linux
 * @param redis          Redis commands in that window, or null when not counted
 */
public record GiftsReport(
        GiftsOptions options,
        String hostFailure,
        Members members,
        Sending sending,
        GiftBook.Tally tally,
        long duplicates,
        long misrouted,
        LatencySummary latency,
        ServerFigures serverAtStart,
        ServerFigures serverAtEnd,
        Duration window,
        long windowDelivered,
        ProcessCpu serverCpu,
        ProcessCpu generatorCpu,
        RedisFigures redis,
        String metricsNote,
        long generatorHeapBytes,
        Map<String, Long> failureCauses) implements ScenarioReport {

    /** @param joined hosts with a live show, viewers and senders in their room */
    public record Members(long joined, long connectFailures, long authFailures, long joinFailures, long dropped,
                         long heldAtEnd, Duration rampTime) {
    }

    /** @param time from the first send to the last (warm-up included) */
    /**
     * @param busy    sends refused with {@code unavailable} (the room or node was full): the server's answer to
     *                overload, before charging, so not a failure of the run
     * @param charged coins the senders' wallets lost over the run, as the server reports them (a rose is one
     *                coin, so this must equal {@code accepted}); -1 when a balance could not be read
     */
    public record Sending(long sent, long warmupGifts, long accepted, long busy, long refused, long charged, Duration time) {
    }

    /** @param calls per command over the window; @param gifts gifts accepted in it; @param note why missing */
    public record RedisFigures(Map<String, Long> calls, long gifts, String note) {

        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static GiftsReport hostFailed(GiftsOptions options, String cause, Map<String, Long> failureCauses) {
        return new GiftsReport(options, cause, null, null, null, 0, 0, null, null, null, Duration.ZERO, 0, null, null, null, "",
                0, failureCauses);
    }

    /** Everyone the run meant to bring in: a host per room, the viewers and the senders. */
    public long expectedMembers() {
        return (long) options.rooms() + options.viewers() + options.senders();
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!hostFailure.isEmpty()) {
            problems.add("the shows could not start: " + hostFailure);
            return problems;
        }
        if (members.joined() < expectedMembers()) {
            problems.add((expectedMembers() - members.joined()) + " of " + expectedMembers() + " members never joined");
        }
        if (members.dropped() > 0 || members.heldAtEnd() < members.joined()) {
            problems.add((members.joined() - members.heldAtEnd()) + " members lost their connection");
        }
        if (sending.accepted() == 0) {
            problems.add("no gift was accepted");
        }
        if (sending.refused() > 0) {
            problems.add(sending.refused() + " gifts refused or unanswered (see causes)");
        }
        if (sending.charged() >= 0 && sending.charged() != sending.accepted()) {
            problems.add(sending.charged() + " coins charged for " + sending.accepted() + " accepted gifts");
        }
        if (tally.lost() > 0) {
            problems.add(tally.lost() + " deliveries lost (" + tally.incompleteGifts() + " gifts not seen by every member)");
        }
        if (duplicates > 0) {
            problems.add(duplicates + " deliveries doubled");
        }
        if (misrouted + tally.surplus() + tally.unknownDeliveries() > 0) {
            problems.add((misrouted + tally.surplus() + tally.unknownDeliveries())
                    + " deliveries of gifts not sent to the member's room");
        }
        return problems;
    }

    @Override
    public void print(PrintStream out) {
        out.printf("%n== gifts: %d rooms, %d viewers, %d senders, %s; %s warm-up + %s timed at %s gifts/s ==%n",
                options.rooms(), options.viewers(), options.senders(), options.url(), Units.seconds(options.warmup()),
                Units.seconds(options.duration()), options.rate());
        if (hostFailure.isEmpty()) {
            printFigures(out);
        } else if (!failureCauses.isEmpty()) {
            failureCauses.forEach((cause, count) -> out.printf("  %6d x %s%n", count, cause));
        }
        out.println(verdict());
    }

    private void printFigures(PrintStream out) {
        out.printf("members      joined %d of %d (hosts, viewers, senders), held at end %d, dropped %d%n",
                members.joined(), expectedMembers(), members.heldAtEnd(), members.dropped());
        out.printf("failures     connect %d, auth %d, join %d%n", members.connectFailures(), members.authFailures(),
                members.joinFailures());
        out.printf("ramp         %s%n", Units.seconds(members.rampTime()));
        out.printf("gifts        %d sent (first %d as warm-up), %d accepted, %d busy (unavailable), %d refused in %s"
                        + " (%.1f/s accepted)%n", sending.sent(), sending.warmupGifts(), sending.accepted(), sending.busy(),
                sending.refused(), Units.seconds(sending.time()), sending.accepted() / seconds(sending.time()));
        out.printf("wallets      %s%n", sending.charged() < 0 ? "not read"
                : sending.charged() + " coins charged for " + sending.accepted() + " accepted gifts");
        out.printf("deliveries   expected %d, received %d, lost %d, duplicates %d, other rooms' %d, unknown txIds %d"
                        + " (%d gifts)%n", tally.expected(), tally.received(), tally.lost(), duplicates,
                misrouted + tally.surplus(), tally.unknownDeliveries(), tally.unknownGifts());
        out.printf("latency      gift.send to each member's gift event, after warm-up (HdrHistogram, %d samples)%n",
                latency.count());
        out.printf("  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p90()), LatencySummary.millis(latency.p99()),
                LatencySummary.millis(latency.p999()), LatencySummary.millis(latency.max()));
        printRedis(out);
        out.printf("server       at timed start: %s%n", ServerFigures.memory(serverAtStart));
        out.printf("             at end:         %s%n", ServerFigures.memory(serverAtEnd));
        if (serverAtStart != null && serverAtEnd != null && serverAtStart.cpuNanos() >= 0) {
            out.printf("             CPU %s%s%n", cpu(serverAtEnd.cpuNanos() - serverAtStart.cpuNanos()),
                    serverCpu == null ? "" : String.format(" (user %.0f %%, system %.0f %%)",
                            percent(serverCpu.userNanos()), percent(serverCpu.systemNanos())));
        }
        if (!metricsNote.isEmpty()) {
            out.printf("             (%s)%n", metricsNote);
        }
        out.printf("generator    heap used %s%s%n", Units.mebibytes(generatorHeapBytes),
                generatorCpu == null ? "" : ", CPU " + cpu(generatorCpu.totalNanos()));
        if (!failureCauses.isEmpty()) {
            out.println("failure causes");
            failureCauses.forEach((cause, count) -> out.printf("  %6d x %s%n", count, cause));
        }
    }

    private void printRedis(PrintStream out) {
        if (redis == null) {
            out.println("redis        not counted (--redis not given)");
        } else if (!redis.note().isEmpty()) {
            out.printf("redis        not counted: %s%n", redis.note());
        } else if (redis.gifts() > 0) {
            out.printf("redis        %d commands for %d gifts over %s: %.2f per gift (INFO commandstats,"
                    + " script commands included)%n", redis.total(), redis.gifts(), Units.seconds(window),
                    redis.total() / (double) redis.gifts());
            if (sending.refused() > 0) {
                out.println("             (an unanswered gift.send may still have run in Redis: too high a figure)");
            }
            redis.calls().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out.printf("  %-16s %9d  %7.3f per gift%n", e.getKey(), e.getValue(),
                            e.getValue() / (double) redis.gifts()));
        }
    }

    /** CPU time over the window as a share of one core and per delivery. */
    private String cpu(long nanos) {
        return String.format("%.0f %% of a core over %s, %.1f us per delivery", percent(nanos), Units.seconds(window),
                nanos / 1000.0 / Math.max(1, windowDelivered));
    }

    private double percent(long nanos) {
        return 100.0 * nanos / Math.max(1, window.toNanos());
    }

    private static double seconds(Duration duration) {
        return Math.max(0.001, duration.toMillis() / 1000.0);
    }
}

package io.livestage.loadtest.chat;

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
 * The outcome of one chat run: what was asked, what held, what arrived and how fast.
 *
 * @param serverAfterRamp server figures once the viewers were in, or null when not available
 * @param serverAtEnd     server figures after the last deliveries, before closing, or null
 * @param metricsNote     why server figures are missing, or empty
 * @param hostFailure     why the host could not start a show (nothing else ran), or empty
 */
public record ChatReport(
        ChatOptions options,
        String transport,
        String hostFailure,
        long joined,
        long connectFailures,
        long authFailures,
        long joinFailures,
        long dropped,
        long heldAtEnd,
        Duration rampTime,
        Duration chatTime,
        long chatSent,
        long warmupChats,
        long chatAccepted,
        long chatRejected,
        long expectedDeliveries,
        long receivedDeliveries,
        LatencySummary latency,
        ServerFigures serverAfterRamp,
        ServerFigures serverAtEnd,
        String metricsNote,
        long generatorHeapBytes,
        Map<String, Long> failureCauses) implements ScenarioReport {

    /** A run in which the host could not start the show, so nothing else happened. */
    static ChatReport hostFailed(ChatOptions options, String transport, String cause) {
        LatencySummary none = new LatencySummary(0, 0, 0, 0, 0, 0);
        return new ChatReport(options, transport, cause, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0, 0, 0,
                0, 0, none, null, null, "", 0, Map.of());
    }

    public long lostDeliveries() {
        return Math.max(0, expectedDeliveries - receivedDeliveries);
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!hostFailure.isEmpty()) {
            problems.add("the host could not start a show: " + hostFailure);
            return problems;
        }
        if (joined < options.viewers()) {
            problems.add((options.viewers() - joined) + " of " + options.viewers() + " viewers never joined");
        }
        if (dropped > 0 || heldAtEnd < joined) {
            problems.add((joined - heldAtEnd) + " joined viewers lost their connection");
        }
        if (chatAccepted == 0) {
            problems.add("no chat message was accepted");
        }
        if (chatRejected > 0) {
            problems.add(chatRejected + " chat messages rejected or unanswered (see causes)");
        }
        if (lostDeliveries() > 0) {
            problems.add(lostDeliveries() + " chat deliveries lost");
        }
        return problems;
    }

    @Override
    public void print(PrintStream out) {
        out.printf("%n== chat: %d viewers, %s (%s), %s warm-up + %s timed chat at %s/s ==%n", options.viewers(),
                options.url(), transport, Units.seconds(options.warmup()), Units.seconds(options.duration()), options.chatRate());
        if (hostFailure.isEmpty()) {
            printFigures(out);
        }
        out.println(verdict());
    }

    private void printFigures(PrintStream out) {
        out.printf("connections  joined %d of %d, held at end %d, dropped %d%n",
                joined, options.viewers(), heldAtEnd, dropped);
        out.printf("failures     connect %d, auth %d, join %d%n", connectFailures, authFailures, joinFailures);
        out.printf("ramp         %s (%.0f joins/s)%n", Units.seconds(rampTime), joined / Math.max(0.001, rampTime.toMillis() / 1000.0));
        out.printf("chat         %d sent (first %d as warm-up), %d accepted, %d rejected in %s (%.2f/s accepted)%n",
                chatSent, warmupChats, chatAccepted, chatRejected, Units.seconds(chatTime),
                chatAccepted / Math.max(0.001, chatTime.toMillis() / 1000.0));
        out.printf("deliveries   expected %d, received %d, lost %d%n", expectedDeliveries, receivedDeliveries,
                lostDeliveries());
        out.printf("fan-out latency after warm-up, send to viewer receive (HdrHistogram, %d samples)%n",
                latency.count());
        out.printf("  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p90()), LatencySummary.millis(latency.p99()),
                LatencySummary.millis(latency.p999()), LatencySummary.millis(latency.max()));
        out.printf("server       after ramp: %s%n", ServerFigures.memory(serverAfterRamp));
        out.printf("             at end:     %s%n", ServerFigures.memory(serverAtEnd));
        if (!metricsNote.isEmpty()) {
            out.printf("             (%s)%n", metricsNote);
        }
        out.printf("generator    heap used %s%n", Units.mebibytes(generatorHeapBytes));
        if (!failureCauses.isEmpty()) {
            out.println("failure causes");
            failureCauses.forEach((cause, count) -> out.printf("  %6d x %s%n", count, cause));
        }
    }
}

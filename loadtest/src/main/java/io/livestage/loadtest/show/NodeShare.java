package io.livestage.loadtest.show;

import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.scenario.LatencySummary;
import java.io.PrintStream;

/**
 * One node's part of a show spread over a cluster, over the timed window: its subscribers, the packets they
 * received from it, its CPU time when its process id was given, and their latency from the publisher.
 *
 * @param cpu the node's CPU time used in the window, or null without its process id
 */
record NodeShare(String name, int subscribers, long delivered, double seconds, ProcessCpu cpu,
                 LatencySummary latency) {

    void print(PrintStream out) {
        if (subscribers == 0) {
            // Killed or drained in the window (with --failover): its subscribers moved on.
            out.printf("  %-26s no subscriber at the end (they moved to another node); delivered %,.0f packets/s over"
                    + " the window before that%n", name, delivered / seconds);
            return;
        }
        String cpuFigures = cpu == null ? "CPU not measured (no pid)" : String.format(
                "CPU %.2f cores, %.2f us per delivered packet (user %.2f, system %.2f)",
                (cpu.userNanos() + cpu.systemNanos()) / 1e9 / seconds,
                (cpu.userNanos() + cpu.systemNanos()) / 1e3 / Math.max(1, delivered),
                cpu.userNanos() / 1e3 / Math.max(1, delivered), cpu.systemNanos() / 1e3 / Math.max(1, delivered));
        out.printf("  %-26s %4d subscribers, delivered %,.0f packets/s; %s%n", name, subscribers, delivered / seconds,
                cpuFigures);
        out.printf("  %-26s latency p50 %s  p99 %s  max %s (%,d samples)%n", "", LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p99()), LatencySummary.millis(latency.max()), latency.count());
    }
}

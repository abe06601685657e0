package io.livestage.loadtest.show;

import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.scenario.LatencySummary;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.scenario.ScenarioReport;
import io.livestage.loadtest.scenario.Units;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one show run. Every rate and cost covers the timed window only: the differences of the
 * server's counters, the CPU times and the subscribers' counters between its two {@link Measurement}s.
 *
 * @param publisherFailure why the publisher could not go live (nothing else ran), or empty
 * @param start            the window's start, or null when the publisher failed
 * @param latency          publisher's send (stamped in the payload) to subscriber's receipt, every packet of the window
 * @param metricsNote      why server figures are missing, or empty
 * @param video            the video streams, keyframe requests and viewers' layers; null when the publisher failed
 * @param nodes            each node's share of a show spread over a cluster (the publisher's node first); one
 *                         entry, or none, for a single node
 * @param failover         subscribers that lost their node and came back through another; null without failover
 */
public record ShowReport(ShowOptions options, String transport, String publisherFailure, int connected, long failed,
        long held, Duration rampTime, Measurement start, Measurement end, LatencySummary latency, String metricsNote,
        Map<String, Long> failureCauses, VideoFigures video, List<NodeShare> nodes, Failover failover)
        implements ScenarioReport {

    static ShowReport publisherFailed(ShowOptions options, String cause) {
        return new ShowReport(options, "", cause, 0, 0, 0, Duration.ZERO, null, null,
                new LatencySummary(0, 0, 0, 0, 0, 0), "", Map.of(), null, List.of(), null);
    }

    public double windowSeconds() {
        return (end.nanos() - start.nanos()) / 1e9;
    }

    /** Packets the server sent to subscribers in the window, or -1 without its figures. */
    public long forwarded() {
        return serverFigures() ? end.server().packetsForwarded() - start.server().packetsForwarded() : -1;
    }

    public double forwardedPerSecond() {
        return forwarded() / windowSeconds();
    }

    /** The server process's CPU time in the window (every thread, user and system) per forwarded packet. */
    public double serverCpuMicrosPerPacket() {
        return serverCpuNanos() / 1e3 / Math.max(1, forwarded());
    }

    /** The server's CPU time in the window as a number of busy cores. */
    public double serverCores() {
        return serverCpuNanos() / 1e9 / windowSeconds();
    }

    /** What the subscribers received in the window. */
    public ReceiveTotals received() {
        return end.received().since(start.received());
    }

    /** Packets per second the publisher sent. */
    public double publishedPerSecond() {
        return (end.publisherPackets() - start.publisherPackets()) / windowSeconds();
    }

    private long serverCpuNanos() {
        return end.server().cpuNanos() - start.server().cpuNanos();
    }

    private boolean serverFigures() {
        return start.server() != null && end.server() != null && start.server().packetsForwarded() >= 0
                && start.server().cpuNanos() >= 0;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!publisherFailure.isEmpty()) {
            problems.add("the publisher could not go live: " + publisherFailure);
            return problems;
        }
        if (connected < options.subscribers()) {
            problems.add((options.subscribers() - connected) + " of " + options.subscribers() + " subscribers never connected");
        }
        if (held < connected) {
            problems.add((connected - held) + " connected subscribers lost their transport or signaling connection");
        }
        if (!serverFigures()) {
            problems.add("no server figures from " + options.metricsUrl() + (metricsNote.isEmpty() ? "" : ": " + metricsNote));
        } else if (forwarded() <= 0) {
            problems.add("the server forwarded no packet in the timed window");
        }
        ReceiveTotals received = received();
        if (received.expected() == 0) {
            problems.add("the subscribers received no media in the timed window");
        }
        if (received.lossPercent() > options.maxLossPercent()) {
            problems.add(String.format("%.3f%% of the expected packets never arrived (limit %.3f%%)",
                    received.lossPercent(), options.maxLossPercent()));
        }
        if (received.payloadMismatches() > 0) {
            problems.add(received.payloadMismatches() + " packets arrived with a payload other than the publisher's");
        }
        if (video != null && video.offPin() > 0) {
            problems.add(video.offPin() + " viewers that pinned a layer were last told they get another");
        }
        return problems;
    }

    @Override
    public void print(PrintStream out) {
        out.printf("%n== show: %d subscribers, %s (%s), %s warm-up + %s timed ==%n", options.subscribers(),
                options.url(), transport, Units.seconds(options.warmup()), Units.seconds(options.duration()));
        if (publisherFailure.isEmpty()) {
            printFigures(out);
        }
        out.println(verdict());
    }

    private void printFigures(PrintStream out) {
        out.printf("subscribers  connected %d of %d, failed %d, held at end %d; ramp %s%n",
                connected, options.subscribers(), failed, held, Units.seconds(rampTime));
        out.printf("publisher    %.0f packets/s (Opus and VP8), window %.1f s%n", publishedPerSecond(), windowSeconds());
        if (serverFigures()) {
            ServerFigures s = end.server();
            double fanOutSeconds = s.forwardingSeconds() - start.server().forwardingSeconds();
            out.printf("server       forwarded %,.0f packets/s (%d packets)%n", forwardedPerSecond(), forwarded());
            out.printf("             CPU %.2f cores, %.2f us per forwarded packet%s%n", serverCores(),
                    serverCpuMicrosPerPacket(), split(start.serverCpu(), end.serverCpu(), forwarded()));
            out.printf("             fan-out loop %.2f us per forwarded packet (livestage_sfu_forwarding_seconds)%n",
                    fanOutSeconds * 1e6 / Math.max(1, forwarded()));
            out.printf("             at end: heap %s, RSS %s%n", Units.mebibytes(s.heapUsedBytes()), Units.mebibytes(s.residentBytes()));
        }
        if (!metricsNote.isEmpty()) {
            out.printf("             (%s)%n", metricsNote);
        }
        if (video != null) {
            printVideo(out);
        }
        ReceiveTotals r = received();
        out.printf("received     expected %,d, received %,d, missing %,d (%.4f%%); recovered by NACK %,d,"
                + " NACKed %,d, given up %,d, duplicates %,d, wrong payload %,d%n", r.expected(), r.received(),
                r.missing(), r.lossPercent(), r.recovered(), r.nacked(), r.givenUp(), r.duplicates(),
                r.payloadMismatches());
        out.printf("latency      publisher send (payload stamp) to subscriber receipt, %,d samples%n", latency.count());
        out.printf("             p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", LatencySummary.millis(latency.p50()),
                LatencySummary.millis(latency.p90()), LatencySummary.millis(latency.p99()),
                LatencySummary.millis(latency.p999()), LatencySummary.millis(latency.max()));
        if (nodes.size() > 1) {
            out.println("nodes        each node's subscribers, what they received from it, its CPU and their latency:");
            nodes.forEach(node -> node.print(out));
        }
        if (failover != null) {
            failover.print(out);
        }
        if (start.generatorCpu() != null && end.generatorCpu() != null) {
            ProcessCpu generator = end.generatorCpu().since(start.generatorCpu());
            out.printf("generator    CPU %.2f cores, %.2f us per received packet%s%n",
                    generator.totalNanos() / 1e9 / windowSeconds(), generator.totalNanos() / 1e3 / Math.max(1, r.received()),
                    split(start.generatorCpu(), end.generatorCpu(), r.received()));
        }
        printMachine(out);
        if (!failureCauses.isEmpty()) {
            out.println("failure causes");
            failureCauses.forEach((cause, count) -> out.printf("  %6d x %s%n", count, cause));
        }
    }

    /**
     * Per video stream what the publisher sent in the window, the keyframe requests that reached it per
     * phase, and for simulcast the layers it was told to send and the layers the viewers got.
     */
    private void printVideo(PrintStream out) {
        double seconds = windowSeconds();
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < video.streams().size(); i++) {
            long ssrc = video.ssrcs()[i];
            sent.append(i == 0 ? "" : "; ").append(video.streams().get(i)).append(": ")
                    .append(String.format("%.0f packets/s", (end.sentFrom(ssrc) - start.sentFrom(ssrc)) / seconds));
        }
        out.printf("video        %s (in the window)%n", sent);
        if (video.simulcast()) {
            out.printf("             media.layers events %d, last active %s (layers left out are paused)%n",
                    video.layerEvents(), video.lastActive() == null ? "none said (all sent)"
                            : String.join(",", video.lastActive()));
            out.printf("viewers      by layer at the end (the server's media.layer events): %s; pinned %s%n",
                    video.viewersByLayer(), options.viewerLayers().isEmpty() ? "none (auto)"
                            : String.join(",", options.viewerLayers()) + " in turn");
        }
        out.println("keyframes    requests (PLI/FIR) reaching the publisher per second, per stream it names"
                + " (other: no video stream): mean (most in one s)");
        for (KeyframeRequestLog.Phase phase : video.keyframes()) {
            StringBuilder rates = new StringBuilder();
            for (int i = 0; i < phase.requests().length; i++) {
                String name = i < video.streams().size() ? video.streams().get(i).split(" ")[0] : "other";
                rates.append(String.format("  %s %.2f (%.0f)", name, phase.perSecond(i), phase.peakPerSecond()[i]));
            }
            String server = phase.serverRequests() < 0 ? "" : String.format(
                    " | server sent %d, asked for %d before merging", phase.serverRequests(), phase.serverWanted());
            out.printf("             %-8s %5.1f s%s%s%n", phase.name(), phase.seconds(), rates, server);
        }
    }

    /** Busy cores in the window and what the server and the generator account for; the rest ran beside them. */
    private void printMachine(PrintStream out) {
        if (start.machineCpu() == null || end.machineCpu() == null || start.generatorCpu() == null
                || end.generatorCpu() == null || !serverFigures()) {
            return;
        }
        double seconds = windowSeconds();
        double busy = end.machineCpu().since(start.machineCpu()).busyNanos() / 1e9 / seconds;
        double generator = end.generatorCpu().since(start.generatorCpu()).totalNanos() / 1e9 / seconds;
        out.printf("machine      %.2f of %d cores busy: server %.2f, generator %.2f, everything else %.2f"
                + " (other processes, softirq)%n", busy, Runtime.getRuntime().availableProcessors(), serverCores(),
                generator, busy - serverCores() - generator);
    }

    /** " (user x, system y)" per packet from /proc, or nothing without both samples. */
    private static String split(ProcessCpu before, ProcessCpu after, long packets) {
        if (before == null || after == null) {
            return "";
        }
        ProcessCpu used = after.since(before);
        return String.format(" (user %.2f, system %.2f)", used.userNanos() / 1e3 / Math.max(1, packets),
                used.systemNanos() / 1e3 / Math.max(1, packets));
    }
}

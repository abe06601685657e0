package io.livestage.loadtest.metrics;

import io.livestage.loadtest.scenario.Units;

/**
 * The server's own figures from its Prometheus endpoint; a figure the server did not report is -1.
 * Counters (CPU time, packets, forwarding time) mean something only as the difference of two samples.
 *
 * @param heapUsedBytes     sum of {@code jvm_memory_used_bytes} over the heap areas
 * @param residentBytes     {@code livestage_process_resident_memory_bytes}
 * @param connectionsOpen   {@code livestage_connections_open}
 * @param cpuNanos          {@code process_cpu_time_ns_total}: the server process's CPU time, user and system
 * @param rtpIn             {@code livestage_sfu_packets_in_total{kind="rtp"}}: RTP and RTCP packets received
 * @param packetsForwarded  {@code livestage_sfu_packets_forwarded_total}
 * @param forwardingSeconds {@code livestage_sfu_forwarding_seconds_sum}: time spent fanning incoming packets out
 * @param forwardingCount   {@code livestage_sfu_forwarding_seconds_count}: incoming packets fanned out
 * @param keyframeRequests  {@code livestage_sfu_keyframe_requests_total}: keyframe requests (PLIs) sent to publishers
 * @param keyframesWanted   {@code livestage_sfu_keyframe_wanted_total}: keyframes asked for by subscribers and
 *                          the server's layer switches, before they are merged into requests
 */
public record ServerFigures(long heapUsedBytes, long residentBytes, long connectionsOpen, long cpuNanos, long rtpIn,
        long packetsForwarded, double forwardingSeconds, long forwardingCount, long keyframeRequests,
        long keyframesWanted) {

    /** Memory and connections in one line for people; "n/a" without figures. */
    public static String memory(ServerFigures figures) {
        if (figures == null) {
            return "n/a";
        }
        return "heap " + Units.mebibytes(figures.heapUsedBytes()) + ", RSS " + Units.mebibytes(figures.residentBytes())
                + ", open connections " + (figures.connectionsOpen() < 0 ? "n/a" : figures.connectionsOpen());
    }

    /** Reads the figures from a Prometheus text exposition. */
    public static ServerFigures parse(String exposition) {
        double heap = 0;
        boolean sawHeap = false;
        double resident = -1;
        double connections = -1;
        double cpu = -1;
        double rtpIn = -1;
        double forwarded = -1;
        double forwardingSeconds = -1;
        double forwardingCount = -1;
        double keyframeRequests = -1;
        double keyframesWanted = -1;
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            PrometheusSample sample = PrometheusSample.parse(line);
            if (sample == null) {
                continue;
            }
            switch (sample.name()) {
                case "jvm_memory_used_bytes" -> {
                    if (sample.labels().contains("area=\"heap\"")) {
                        heap += sample.value();
                        sawHeap = true;
                    }
                }
                case "livestage_process_resident_memory_bytes" -> resident = sample.value();
                case "livestage_connections_open" -> connections = sample.value();
                case "process_cpu_time_ns_total" -> cpu = sample.value();
                case "livestage_sfu_packets_in_total" -> {
                    if (sample.labels().contains("kind=\"rtp\"")) {
                        rtpIn = sample.value();
                    }
                }
                case "livestage_sfu_packets_forwarded_total" -> forwarded = sample.value();
                case "livestage_sfu_forwarding_seconds_sum" -> forwardingSeconds = sample.value();
                case "livestage_sfu_forwarding_seconds_count" -> forwardingCount = sample.value();
                case "livestage_sfu_keyframe_requests_total" -> keyframeRequests = sample.value();
                case "livestage_sfu_keyframe_wanted_total" -> keyframesWanted = sample.value();
                default -> { }
            }
        }
        return new ServerFigures(sawHeap ? (long) heap : -1, (long) resident, (long) connections, (long) cpu,
                (long) rtpIn, (long) forwarded, forwardingSeconds, (long) forwardingCount, (long) keyframeRequests,
                (long) keyframesWanted);
    }
}

package io.livestage.loadtest.show;

import io.livestage.loadtest.metrics.MachineCpu;
import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.scenario.ReceiveTotals;

/**
 * Everything counted at one edge of the timed window; the report works with the differences.
 *
 * @param server           the server's figures, or null when the scrape failed
 * @param serverCpu        the server's CPU time from {@code /proc}, or null without {@code --server-pid}
 * @param generatorCpu     this JVM's CPU time from {@code /proc}, or null off Linux
 * @param machineCpu       the whole machine's CPU time from {@code /proc/stat}, or null off Linux
 * @param publisherPackets RTP packets the publisher has sent, audio and video
 */
record Measurement(long nanos, ServerFigures server, ProcessCpu serverCpu, ProcessCpu generatorCpu, MachineCpu machineCpu,
        ReceiveTotals received, long publisherPackets) {
}

package io.livestage.loadtest.show;

import io.livestage.loadtest.metrics.MachineCpu;
import io.livestage.loadtest.metrics.ProcessCpu;
import io.livestage.loadtest.metrics.ServerFigures;
import io.livestage.loadtest.scenario.ReceiveTotals;
import io.livestage.loadtest.webrtc.SentStreamStats;
import java.util.List;

/**
 * Everything counted at one edge of the timed window; the report works with the differences.
 *
 * @param server           the server's figures, or null when the scrape failed
 * @param serverCpu        the server's CPU time from {@code /proc}, or null without {@code --server-pid}
 * @param generatorCpu     this JVM's CPU time from {@code /proc}, or null off Linux
 * @param machineCpu       the whole machine's CPU time from {@code /proc/stat}, or null off Linux
 * @param publisherPackets RTP packets the publisher has sent, audio and video
 * @param sentStreams      what the publisher has sent per stream (per simulcast layer too)
 * @param receivedByNode   packets the subscribers of each node received, the publisher's node first
 * @param edgeCpu          each edge node's CPU time (null entries without its process id)
 */
record Measurement(long nanos, ServerFigures server, ProcessCpu serverCpu, ProcessCpu generatorCpu,
        MachineCpu machineCpu, ReceiveTotals received, long publisherPackets, List<SentStreamStats> sentStreams,
        long[] receivedByNode, List<ProcessCpu> edgeCpu) {

    /** Packets sent from {@code ssrc} so far, 0 when it has sent nothing. */
    long sentFrom(long ssrc) {
        for (SentStreamStats stream : sentStreams) {
            if (stream.ssrc() == ssrc) {
                return stream.packets();
            }
        }
        return 0;
    }
}

package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 500 viewers joining a simulcast show within a second and switching layers: each layer's keyframe
 * requests reach the publisher merged, a few a second at most, however many viewers ask.
 */
class SimulcastKeyframeRequestTest {
    private static final long MS = 1_000_000;

    private final StageFixture fixture = new StageFixture();
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(SimulcastPackets.section()), fixture.metrics);
    private final List<byte[]> rtcp = new ArrayList<>();
    private final PublisherFeedback feedback = new PublisherFeedback(tracks, (loop, buffer, length) ->
            rtcp.add(Arrays.copyOf(buffer.array(), length)), fixture.metrics, 0);

    @Test
    void fiveHundredViewersJoiningAndSwitchingCauseAtMostThreeRequestsPerLayerPerSecond() {
        RtpPacket rtp = new RtpPacket();
        for (int layer = 0; layer < 3; layer++) {
            byte[] packet = SimulcastPackets.layer(layer).keyframe().sequence(1).bytes();
            rtp.wrap(packet, 0, packet.length);
            tracks.onRtp(rtp, 0);
        }
        MediaSource source = tracks.announced().get(0);
        // Over one second: every viewer asks for its first layer's keyframe as it joins, then a
        // third of them for another layer as their estimates settle; the feedback poll runs every 25 ms.
        for (int ms = 0; ms < 1000; ms++) {
            int viewer = ms / 2;
            if (ms % 2 == 0) {
                feedback.keyframeWanted(fixture.loop, source.layer(viewer % 3), ms * MS);
            } else if (viewer % 3 == 0) {
                feedback.keyframeWanted(fixture.loop, source.layer((viewer + 1) % 3), ms * MS);
            }
            if (ms % 25 == 0) {
                feedback.poll(fixture.loop, ms * MS);
            }
        }
        Map<Long, Integer> perLayer = plisByMediaSsrc();
        assertEquals(3, perLayer.size(), "each layer asked for: " + perLayer);
        for (int count : perLayer.values()) {
            assertTrue(count >= 1 && count <= 3, "PLIs per layer in one second: " + perLayer);
        }
    }

    private Map<Long, Integer> plisByMediaSsrc() {
        RtcpCompoundReader reader = new RtcpCompoundReader();
        Map<Long, Integer> counts = new HashMap<>();
        for (byte[] packet : rtcp) {
            assertTrue(reader.wrap(packet, 0, packet.length));
            RtcpKind kind;
            while ((kind = reader.next()) != RtcpKind.END) {
                if (kind == RtcpKind.PLI) {
                    counts.merge(reader.pli().mediaSsrc(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}

package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.TransportCcFeedback;
import io.livestage.sfu.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a publisher gets back from us, and when. */
class PublisherFeedbackTest {
    private static final long MS = 1_000_000;

    private final StageFixture fixture = new StageFixture();
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(StageFixture.video()), fixture.metrics);
    private final List<byte[]> rtcp = new ArrayList<>();
    private final PublisherFeedback feedback = new PublisherFeedback(tracks, (loop, buffer, length) ->
            rtcp.add(Arrays.copyOf(buffer.array(), length)), fixture.metrics, 2_500_000);
    private final RtpPacket rtp = new RtpPacket();
    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    @Test
    void transportWideFeedbackEveryFiftyMillisecondsCoversEveryArrival() {
        for (int i = 0; i < 10; i++) {
            receive(i, 100 * MS + i * MS);
        }
        feedback.poll(fixture.loop, 0);
        int first = feedbackPackets();
        assertEquals(1, first, "feedback goes out at once the first time");

        receive(10, 130 * MS);
        feedback.poll(fixture.loop, 30 * MS);
        assertEquals(first, feedbackPackets(), "not again within 50 ms");
        feedback.poll(fixture.loop, 50 * MS);
        assertEquals(first + 1, feedbackPackets());

        TransportCcFeedback last = lastFeedback();
        assertEquals(10, last.baseSequenceNumber());
        assertEquals(1, last.packetStatusCount());
        assertEquals(StageFixture.VIDEO_SSRC, last.mediaSsrc());
        feedback.poll(fixture.loop, 200 * MS);
        assertEquals(first + 1, feedbackPackets(), "nothing new to report");
    }

    @Test
    void slowerStreamsGetFeedbackLessOftenUpToAQuarterSecond() {
        feedback.incomingBitrate(180_000);
        receive(0, 0);
        feedback.poll(fixture.loop, 0);
        receive(1, 10 * MS);
        feedback.poll(fixture.loop, 60 * MS);
        assertEquals(1, feedbackPackets(), "a 1:1 call's 180 kbit/s: 800 bits of feedback are 5 % every 89 ms");
        feedback.poll(fixture.loop, 89 * MS);
        assertEquals(2, feedbackPackets());

        feedback.incomingBitrate(16_000);
        receive(2, 100 * MS);
        feedback.poll(fixture.loop, 338 * MS);
        assertEquals(2, feedbackPackets(), "audio alone: the longest interval, 250 ms");
        feedback.poll(fixture.loop, 339 * MS);
        assertEquals(3, feedbackPackets());

        feedback.incomingBitrate(2_500_000);
        receive(3, 350 * MS);
        feedback.poll(fixture.loop, 389 * MS);
        assertEquals(4, feedbackPackets(), "a phone's 2.5 Mbit/s: every 50 ms, as before");
    }

    @Test
    void aGapIsReportedAfterAShortWaitForReorderedPackets() {
        receive(1, 0);
        feedback.poll(fixture.loop, 0);
        rtcp.clear();
        receive(2, 5 * MS);
        receive(5, 6 * MS);
        feedback.poll(fixture.loop, 10 * MS);
        assertEquals(0, feedbackPackets(), "the gap's wait starts when it is seen");
        feedback.poll(fixture.loop, 20 * MS);
        assertEquals(1, feedbackPackets(), "sooner than the 50 ms cadence");
        TransportCcFeedback gap = lastFeedback();
        assertEquals(2, gap.baseSequenceNumber());
        assertEquals(4, gap.packetStatusCount());
        assertTrue(gap.isReceived(0) && !gap.isReceived(1) && !gap.isReceived(2) && gap.isReceived(3));
        assertEquals(1000, gap.deltaMicros(3), "arrivals 1 ms apart");
    }

    @Test
    void theReportCarriesReceptionBlocksOurNameAndTheBitrateCap() {
        receive(1, 0);
        feedback.report(fixture.loop, 1000 * MS);
        assertEquals(1, rtcp.size());
        assertTrue(reader.wrap(rtcp.get(0), 0, rtcp.get(0).length));
        assertEquals(RtcpKind.RECEIVER_REPORT, reader.next());
        assertEquals(StageFixture.VIDEO_SSRC, reader.receiverReport().blockSsrc(0));
        assertEquals(RtcpKind.SDES, reader.next());
        assertEquals(RtcpKind.REMB, reader.next());
        assertEquals(2_500_000, reader.remb().bitrate(), 2_500_000 / 100_000.0);
        assertEquals(StageFixture.VIDEO_SSRC, reader.remb().ssrc(0));
    }

    @Test
    void keyframeRequestsAreMergedAndThoseThatWaitedGoOutOnAPoll() {
        Producer video = tracks.tracks().get(0);
        feedback.keyframeWanted(fixture.loop, video, 0);
        feedback.keyframeWanted(fixture.loop, video, 10 * MS);
        assertEquals(1, plis(), "one request for many viewers");
        feedback.poll(fixture.loop, 1000 * MS);
        assertEquals(2, plis(), "the viewer who waited gets its keyframe requested");
    }

    private void receive(int transportSequence, long nowNanos) {
        byte[] packet = StageFixture.vp8(transportSequence, transportSequence, false);
        rtp.wrap(packet, 0, packet.length);
        tracks.onRtp(rtp, nowNanos);
    }

    private int feedbackPackets() {
        return count(RtcpKind.TRANSPORT_CC);
    }

    private int plis() {
        return count(RtcpKind.PLI);
    }

    private int count(RtcpKind wanted) {
        int found = 0;
        for (byte[] packet : rtcp) {
            assertTrue(reader.wrap(packet, 0, packet.length));
            RtcpKind kind;
            while ((kind = reader.next()) != RtcpKind.END) {
                found += kind == wanted ? 1 : 0;
            }
        }
        return found;
    }

    private TransportCcFeedback lastFeedback() {
        byte[] last = rtcp.get(rtcp.size() - 1);
        assertTrue(reader.wrap(last, 0, last.length));
        assertEquals(RtcpKind.TRANSPORT_CC, reader.next());
        return reader.transportCc();
    }
}

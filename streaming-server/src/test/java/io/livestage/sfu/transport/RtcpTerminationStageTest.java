package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.cc.DeliveryStatistics;
import io.livestage.sfu.cc.TransportCcArrivals;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer's RTCP ends here: each kind reaches what acts on it. */
class RtcpTerminationStageTest {
    private final StageFixture fixture = new StageFixture();
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(StageFixture.video()), fixture.metrics);
    private final SubscriberSide subscribers = new SubscriberSide(null, fixture.metrics, new FanOutStage(fixture.metrics), 0);
    private final RtcpTerminationStage stage = new RtcpTerminationStage(tracks, subscribers, fixture.metrics);
    private final byte[] buf = new byte[1500];

    @Test
    void aSubscribersTransportWideFeedbackBecomesItsDeliveryStatistics() {
        for (int i = 0; i < 10; i++) {
            subscribers.transportWide().next(1000, 1_000_000 + i * 1000L);
        }
        TransportCcArrivals theirs = new TransportCcArrivals();
        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                theirs.record(i, 7_000_000 + i * 1000L);
            }
        }
        int length = theirs.writeFeedback(buf, 0, 1200, 0x5555, StageFixture.VIDEO_SSRC);

        stage.onRtcp(fixture.loop, buf, 0, length, 2_000_000_000L);
        DeliveryStatistics delivery = subscribers.transportWide().statistics();
        assertEquals(1, delivery.feedbackPackets());
        assertEquals(10, delivery.packetsReported());
        assertEquals(1, delivery.packetsLost());
    }

    @Test
    void aSubscribersRembIsKept() {
        int length = RtcpFeedbackWriter.writeRemb(buf, 0, 0x5555, 800_000, new long[] {StageFixture.VIDEO_SSRC}, 1);
        stage.onRtcp(fixture.loop, buf, 0, length, 1_000_000_000L);
        assertEquals(800_000, subscribers.transportWide().statistics().rembBitrateBps(), 800_000 / 100_000.0);
    }

    @Test
    void aPublishersSenderReportReachesItsTrack() {
        RtcpCompoundWriter writer = new RtcpCompoundWriter();
        writer.begin(buf, 0);
        writer.senderReport(StageFixture.VIDEO_SSRC, 0xE000_0000_0000_0000L, 90_000, 10, 1000, 0);
        writer.sdesCname(StageFixture.VIDEO_SSRC, "cname".getBytes());
        int length = writer.finish();

        stage.onRtcp(fixture.loop, buf, 0, length, 1_000_000_000L);
        assertTrue(tracks.tracks().get(0).senderReport().received());
    }

    @Test
    void aBrokenCompoundIsDroppedWhole() {
        subscribers.transportWide().next(1000, 1_000_000);
        TransportCcArrivals theirs = new TransportCcArrivals();
        theirs.record(0, 7_000_000);
        int length = theirs.writeFeedback(buf, 0, 1200, 0x5555, StageFixture.VIDEO_SSRC);
        buf[3] += 1; // one word longer than the datagram

        stage.onRtcp(fixture.loop, buf, 0, length, 1_000_000_000L);
        assertEquals(0, subscribers.transportWide().statistics().feedbackPackets());
    }
}

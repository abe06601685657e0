package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which layers a simulcast publisher is told to send: the lowest always, the rest while needed. */
class MediaSourceTest {
    private static final long SECOND = 1_000_000_000L;

    private final StageFixture fixture = new StageFixture();
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(SimulcastPackets.section()), fixture.metrics);
    private final MediaSource source = tracks.announced().get(0);
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void aPhoneWithNoViewersIsToldToSendOnlyItsLowestLayerOnceTheOthersHaveFlowed() {
        assertNull(source.updateActiveLayers(0), "layers not seen yet stay on: their rates are unknown");
        flow(0);
        assertNull(source.updateActiveLayers(SECOND), "unneeded for less than three seconds");
        assertNull(source.updateActiveLayers(3 * SECOND));
        assertEquals(List.of("q"), source.updateActiveLayers(4 * SECOND));
        assertNull(source.updateActiveLayers(5 * SECOND), "said once");
        assertEquals(0b001, source.activeLayers());
        // Paused by us, the layers can still be chosen: the phone resumes them when asked.
        assertEquals(true, source.layerAvailable(2, 5 * SECOND));
    }

    @Test
    void aViewerWantingAPausedLayerResumesItAtOnceAndItPausesAgainThreeSecondsAfterTheLastOneLeft() {
        flow(0);
        source.updateActiveLayers(SECOND);
        source.updateActiveLayers(5 * SECOND);
        Consumer viewer = consumer();
        source.addConsumer(viewer);
        viewer.pin(2);
        viewer.allocate(0, 0, 5 * SECOND);
        assertEquals(List.of("q", "f"), source.updateActiveLayers(6 * SECOND));
        source.layer(2).sample(7 * SECOND);
        assertEquals(true, source.layerAvailable(2, 8 * SECOND), "resumed, not flowing yet: still a choice");
        assertEquals(false, source.layerAvailable(2, 9 * SECOND), "resumed 3 s ago and nothing came");
        source.removeConsumer(fixture.loop, viewer);
        assertNull(source.updateActiveLayers(7 * SECOND));
        assertNull(source.updateActiveLayers(9 * SECOND));
        assertEquals(List.of("q"), source.updateActiveLayers(10 * SECOND));
    }

    @Test
    void aTrackOfOneStreamIsNeverPaused() {
        Producer single = new Producer(new TrackDescription("0", "video", 1, -1, null, null, StageFixture.CODECS,
                StageFixture.EXTENSIONS));
        assertNull(single.source().updateActiveLayers(10 * SECOND));
    }

    /** Every layer's packets for a second, sampled so each has a known rate. */
    private void flow(long at) {
        for (int layer = 0; layer < 3; layer++) {
            byte[] packet = SimulcastPackets.layer(layer).sequence(1).bytes();
            rtp.wrap(packet, 0, packet.length);
            tracks.onRtp(rtp, at);
            source.layer(layer).sample(at - SECOND);
            packet = SimulcastPackets.layer(layer).withoutRid().sequence(2).bytes();
            rtp.wrap(packet, 0, packet.length);
            tracks.onRtp(rtp, at);
            source.layer(layer).sample(at);
        }
    }

    private Consumer consumer() {
        OutgoingTrack track = new OutgoingTrack("video", "publisher", "stream", "video", 42, -1, "cname",
                StageFixture.CODECS, StageFixture.EXTENSIONS);
        return new Consumer(source, null, new StageFixture.Target(), new SubscriberSection("0", "video",
                SectionState.SENDING, track, StageFixture.CODECS, StageFixture.EXTENSIONS),
                new AnsweredSection("0", true, MediaDirection.RECVONLY, StageFixture.CODECS, StageFixture.EXTENSIONS));
    }
}

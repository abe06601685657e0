package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.RtpPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackReceiveStageTest {
    private final StageFixture fixture = new StageFixture();
    private final TrackReceiveStage stage = new TrackReceiveStage(List.of(StageFixture.video()), fixture.metrics);
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void mediaReachesItsTrackWhichNoticesKeyframes() {
        Producer video = stage.tracks().get(0);
        assertSame(video, stage.onRtp(wrap(StageFixture.vp8(1, 10, true)), 1_000_000));
        assertTrue(stage.keyframeStarted());
        assertSame(video, stage.onRtp(wrap(StageFixture.vp8(2, 11, false)), 2_000_000));
        assertFalse(stage.keyframeStarted());
        assertEquals(2, video.snapshot("u").packets());
        assertEquals(1, video.snapshot("u").keyframes());
    }

    @Test
    void retransmissionsAndProbesStopHereYetCountAsArrivals() {
        assertNull(stage.onRtp(wrap(StageFixture.rtp(StageFixture.RTX_SSRC, StageFixture.RTX, 1, 10, 300)), 1_000));
        assertEquals(1, stage.tracks().get(0).snapshot("u").retransmissions());
        assertTrue(stage.arrivals().hasUnreported(), "the estimator's padding on RTX must be reported");
    }

    @Test
    void anUnknownStreamStopsHereAndStillCountsAsAnArrival() {
        byte[] stranger = StageFixture.rtp(0x999, StageFixture.VP8, 1, 10, 100);
        stranger[17] = '9'; // a MID the publisher's SDP never named
        assertNull(stage.onRtp(wrap(stranger), 1_000));
        assertTrue(stage.arrivals().hasUnreported());
    }

    @Test
    void aSkippedTransportSequenceNumberAsksForFeedbackSoonerOnce() {
        stage.onRtp(wrap(StageFixture.vp8(1, 10, false)), 1_000);
        stage.onRtp(wrap(StageFixture.vp8(2, 11, false)), 2_000);
        assertFalse(stage.takeGap());
        stage.onRtp(wrap(StageFixture.vp8(3, 13, false)), 3_000);
        assertTrue(stage.takeGap());
        assertFalse(stage.takeGap());
    }

    @Test
    void withoutTransportCcNothingIsRecorded() {
        TrackReceiveStage plain = new TrackReceiveStage(List.of(new io.livestage.sfu.sdp.AcceptedMedia("1", "video",
                io.livestage.sfu.sdp.MediaDirection.RECVONLY, StageFixture.CODECS, List.of(),
                StageFixture.video().ssrcs(), StageFixture.video().ssrcGroups())), fixture.metrics);
        plain.onRtp(wrap(StageFixture.vp8(1, 10, false)), 1_000);
        assertFalse(plain.arrivals().hasUnreported());
    }

    @Test
    void countsTheBytesItReceives() {
        stage.onRtp(wrap(StageFixture.vp8(1, 10, false)), 1_000);
        stage.onRtp(wrap(StageFixture.rtp(StageFixture.RTX_SSRC, StageFixture.RTX, 1, 11, 300)), 2_000);
        assertEquals(500, stage.bytes());
    }

    private RtpPacket wrap(byte[] packet) {
        assertTrue(rtp.wrap(packet, 0, packet.length));
        return rtp;
    }
}

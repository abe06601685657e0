package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.udp.MediaLoop;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * A show's fan-out over several media loops: the publisher's loop serves its own consumers and
 * hands each packet once to every other loop that has some; each loop sends, caches and answers
 * NACKs for its own. Three embedded loops, whose tasks run when the test says.
 */
class FanOutAcrossLoopsTest {
    private static final long NOW = 5_000_000_000L;

    private final StageFixture fixture = new StageFixture();
    private final AtomicReferenceArray<MediaLoop> group = new AtomicReferenceArray<>(3);
    private final Loop publisherLoop = new Loop(0);
    private final Loop viewersLoop = new Loop(1);
    private final Loop idleLoop = new Loop(2);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private long clock = NOW;
    private final FanOutStage fanOut = new FanOutStage(fixture.metrics, () -> clock);
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(StageFixture.video()), fixture.metrics);
    private final Producer video = tracks.tracks().get(0);
    private final SrtpSession nearSrtp = SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 9));
    private final SrtpSession farSrtp = SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 10));

    @Test
    void eachLoopSendsToItsOwnConsumersAndALoopWithoutAnyGetsNothing() {
        consume(publisherLoop, 9);
        consume(viewersLoop, 10);
        byte[] packet = StageFixture.vp8(100, 1, true);
        assertEquals(1, forward(packet), "the publisher's loop served its own consumer");
        assertEquals(1, publisherLoop.take().size());
        assertEquals(List.of(), viewersLoop.take(), "handed over, not sent yet");

        // The publisher's loop reuses its buffer for the next datagram at once.
        Arrays.fill(packet, 12, packet.length, (byte) 0);
        viewersLoop.runTasks();
        List<RtpPacket> far = StageFixture.decrypt(farSrtp, viewersLoop.take());
        assertEquals(1, far.size());
        assertEquals(100, far.get(0).sequenceNumber());
        assertEquals(0x5A, far.get(0).buffer()[far.get(0).payloadOffset() + 10] & 0xFF, "the payload as it arrived");

        idleLoop.runTasks();
        assertEquals(List.of(), idleLoop.take());
        assertNull(video.cached(idleLoop.media, 100, NOW), "a loop without consumers caches nothing");
    }

    @Test
    void aNackIsAnsweredFromTheSubscribersLoopsOwnCache() {
        consume(publisherLoop, 9);
        Consumer far = consume(viewersLoop, 10);
        forward(StageFixture.vp8(100, 1, true));
        forward(StageFixture.vp8(101, 2, false));
        viewersLoop.runTasks();
        publisherLoop.take();
        viewersLoop.take();

        fanOut.retransmit(viewersLoop.media, far, new int[] {100}, 1, NOW + 50_000_000);
        List<RtpPacket> resent = StageFixture.decrypt(farSrtp, viewersLoop.take());
        assertEquals(List.of(100), resent.stream().map(RtpPacket::sequenceNumber).toList());
        assertEquals(List.of(), publisherLoop.take());
    }

    @Test
    void aConsumerClosedWhilePacketsWaitForItsLoopGetsNoneAndTheOthersKeepTheirs() {
        Consumer near = consume(publisherLoop, 9);
        Consumer far = consume(viewersLoop, 10);
        forward(StageFixture.vp8(100, 1, true));
        forward(StageFixture.vp8(101, 2, false));
        far.close();
        viewersLoop.runTasks();
        assertEquals(List.of(), viewersLoop.take());
        assertEquals(2, StageFixture.decrypt(nearSrtp, publisherLoop.take()).size());
        assertNotNull(near);
    }

    @Test
    void theLastConsumerOfALoopLeavingFreesThatLoopsCacheOnThatLoop() {
        consume(publisherLoop, 9);
        Consumer far = consume(viewersLoop, 10);
        forward(StageFixture.vp8(100, 1, true));
        viewersLoop.runTasks();
        assertEquals(1, viewersLoop.take().size());
        assertNotNull(video.cached(viewersLoop.media, 100, NOW));

        video.source().removeConsumer(publisherLoop.media, far);
        forward(StageFixture.vp8(101, 2, false));
        assertNotNull(video.cached(viewersLoop.media, 100, NOW), "freed on its own loop, not from the publisher's");
        viewersLoop.runTasks();
        assertNull(video.cached(viewersLoop.media, 100, NOW));
        assertNull(video.cached(viewersLoop.media, 101, NOW), "nothing handed over after it left");
        assertEquals(List.of(), viewersLoop.take());
        assertNotNull(video.cached(publisherLoop.media, 101, NOW), "the publisher's loop still serves its viewer");
    }

    @Test
    void aPacketThatWaitedTooLongForItsLoopIsDroppedThereAndCounted() {
        fixture.metrics.bindTo(meters);
        consume(publisherLoop, 9);
        consume(viewersLoop, 10);
        forward(StageFixture.vp8(100, 1, true));
        clock += FanOutStage.MAX_HANDOFF_WAIT_NANOS + 1;
        viewersLoop.runTasks();
        assertEquals(List.of(), viewersLoop.take(), "stale: the loop is behind");
        assertEquals(1.0, droppedBehind());

        forward(StageFixture.vp8(101, 2, false));
        clock += FanOutStage.MAX_HANDOFF_WAIT_NANOS;
        viewersLoop.runTasks();
        assertEquals(1, viewersLoop.take().size(), "just in time");
        assertEquals(1.0, droppedBehind());
    }

    @Test
    void atMostSoManyPacketsWaitForOneLoopWhateverTheirAge() throws InterruptedException {
        fixture.metrics.bindTo(meters);
        consume(viewersLoop, 10);
        for (int i = 0; i <= FanOutStage.MAX_HANDOFFS_WAITING; i++) {
            forward(StageFixture.vp8(100 + i, 1 + i, i == 0));
        }
        assertEquals(1.0, droppedBehind(), "the one over the bound");
        viewersLoop.runTasksOnALargeStack();
        assertEquals(FanOutStage.MAX_HANDOFFS_WAITING, viewersLoop.take().size());
        forward(StageFixture.vp8(100 + FanOutStage.MAX_HANDOFFS_WAITING + 1, 9999, false));
        viewersLoop.runTasks();
        assertEquals(1, viewersLoop.take().size(), "taken up, the waiting ones no longer count");
    }

    private double droppedBehind() {
        return meters.find("livestage.sfu.packets.dropped").tag("reason", "loop_behind").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private int forward(byte[] packet) {
        RtpPacket rtp = publisherLoop.media.rtp();
        rtp.wrap(packet, 0, packet.length);
        return fanOut.forward(publisherLoop.media, video, rtp, video.onPacket(rtp, NOW) == Producer.Verdict.NEW_KEYFRAME,
                NOW);
    }

    private Consumer consume(Loop loop, int keySeed) {
        OutgoingTrack track = new OutgoingTrack("video", "publisher", "stream", "track", StageFixture.VIDEO_SSRC, -1,
                "cname", StageFixture.CODECS, StageFixture.EXTENSIONS);
        Consumer consumer = new Consumer(video.source(), null, new StageFixture.Target(),
                new SubscriberSection("0", "video", SectionState.SENDING, track, StageFixture.CODECS,
                        StageFixture.EXTENSIONS),
                new AnsweredSection("0", true, MediaDirection.RECVONLY, StageFixture.CODECS, StageFixture.EXTENSIONS));
        consumer.home(loop.media);
        consumer.key(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, keySeed), DtlsRole.SERVER);
        video.source().addConsumer(consumer);
        return consumer;
    }

    /** A media loop of the group whose channel records what it sends. */
    private final class Loop {
        final List<DatagramPacket> sent = new ArrayList<>();
        final EmbeddedChannel channel = StageFixture.recordingChannel(sent);
        final MediaLoop media;

        Loop(int index) {
            media = new MediaLoop(channel, index, group);
        }

        void runTasks() {
            channel.runPendingTasks();
        }

        /** An embedded channel's flush runs its pending tasks from within the task that flushed: deep recursion. */
        void runTasksOnALargeStack() throws InterruptedException {
            Thread runner = new Thread(null, channel::runPendingTasks, "embedded-loop", 1L << 30);
            runner.start();
            runner.join();
        }

        List<byte[]> take() {
            return StageFixture.take(sent);
        }
    }
}

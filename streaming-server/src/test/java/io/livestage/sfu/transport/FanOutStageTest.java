package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtp.AbsSendTime;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RetransmissionBudget;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fan-out and the subscriber send stage: every consumer gets its copy, numbered in its subscriber's
 * own transport-wide sequence (whatever the publisher's numbers were) and stamped with our send
 * time; NACKed packets come again from the cache with fresh numbers.
 */
class FanOutStageTest {
    private static final long NOW = 5_000_000_000L;

    private final StageFixture fixture = new StageFixture();
    private final FanOutStage fanOut = new FanOutStage(fixture.metrics);
    private final StageFixture.Target subscriber = new StageFixture.Target();
    private final TrackReceiveStage tracks = new TrackReceiveStage(List.of(StageFixture.video()), fixture.metrics);
    private final Producer video = tracks.tracks().get(0);
    private final SrtpSession subscriberSrtp = SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 9));
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void eachPacketGoesOutNumberedInTheSubscribersOwnSequence() {
        Consumer consumer = consume(video, "0");
        for (int i = 0; i < 3; i++) {
            // The publisher's own transport-wide numbers jump about: they describe its link, not ours.
            byte[] packet = StageFixture.vp8(100 + i, 5000 + 7 * i, i == 0);
            rtp.wrap(packet, 0, packet.length);
            assertEquals(1, fanOut.forward(fixture.loop, video, rtp, i == 0, NOW + i));
        }
        List<RtpPacket> received = decrypt(fixture.takeSent());
        assertEquals(List.of(0, 1, 2), transportSequences(received));
        assertEquals(List.of(100, 101, 102), received.stream().map(RtpPacket::sequenceNumber).toList());
        int sendTimeAt = received.get(0).findExtension(StageFixture.ABS_SEND_TIME_ID);
        assertEquals(AbsSendTime.at(NOW / 1000), NetworkOrder.uint24(received.get(0).buffer(), sendTimeAt));
        assertEquals(1, subscriber.keyframes, "the subscriber's first keyframe is timed");
        assertTrue(consumer.source() == video.source());
    }

    @Test
    void retransmissionsComeFromTheCacheWithFreshNumbers() {
        Consumer consumer = consume(video, "0");
        for (int i = 0; i < 3; i++) {
            byte[] packet = StageFixture.vp8(100 + i, i, false);
            rtp.wrap(packet, 0, packet.length);
            fanOut.forward(fixture.loop, video, rtp, false, NOW);
        }
        fixture.takeSent();
        fanOut.retransmit(fixture.loop, consumer, new int[] {101, 999}, 2, NOW + 1_000_000);
        List<RtpPacket> resent = decrypt(fixture.takeSent());
        assertEquals(1, resent.size(), "999 was never cached");
        assertEquals(101, resent.get(0).sequenceNumber());
        assertEquals(List.of(3), transportSequences(resent));
    }

    @Test
    void aNackStormGetsAtMostItsBudgetWhateverItNames() {
        Consumer consumer = consume(video, "0");
        for (int i = 0; i < 500; i++) {
            byte[] packet = StageFixture.rtp(StageFixture.VIDEO_SSRC, StageFixture.VP8, i, i, 1200);
            rtp.wrap(packet, 0, packet.length);
            fanOut.forward(fixture.loop, video, rtp, false, NOW);
        }
        fixture.takeSent();
        int[] everything = new int[500];
        for (int i = 0; i < everything.length; i++) {
            everything[i] = i;
        }
        fanOut.retransmit(fixture.loop, consumer, everything, everything.length, NOW);
        assertEquals(FanOutStage.MAX_RESENT_PER_NACK, fixture.takeSent().size(), "one NACK, a real loss burst at most");

        for (int from = 128; from < 500; from += 128) {
            int[] part = Arrays.copyOfRange(everything, from, Math.min(500, from + 128));
            fanOut.retransmit(fixture.loop, consumer, part, part.length, NOW);
        }
        int storm = FanOutStage.MAX_RESENT_PER_NACK + fixture.takeSent().size();
        assertEquals(RetransmissionBudget.DEFAULT_BURST_BYTES / 1200, storm,
                "every NACK named packets not yet resent, yet the burst budget ends it");
    }

    @Test
    void aProbeBurstSendsTheLatestPacketsAgainOnTheSubscribersRtxStream() {
        Consumer consumer = consume(video, "0", StageFixture.RTX_SSRC + 100);
        List<byte[]> originals = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            byte[] packet = StageFixture.vp8(100 + i, i, false);
            originals.add(packet);
            rtp.wrap(packet, 0, packet.length);
            fanOut.forward(fixture.loop, video, rtp, false, NOW);
        }
        fixture.takeSent();

        // 100 ms of 100 kbit/s is 1.25 kB, less than ten of these 200-byte packets: ten go.
        assertEquals(FanOutStage.MIN_PROBE_PACKETS, fanOut.probe(fixture.loop, consumer, 100_000, NOW + 1_000_000));
        assertEquals(List.of(60, 61, 62, 63, 64, 65, 66, 67, 68, 69), transportSequences(decrypt(fixture.takeSent())),
                "numbered in the subscriber's transport-wide sequence like any packet");
        // 100 ms of 3 Mbit/s is 37.5 kB: the burst stops at its bound of 40 packets, the newest ones.
        assertEquals(FanOutStage.MAX_PROBE_PACKETS, fanOut.probe(fixture.loop, consumer, 3_000_000, NOW + 2_000_000));
        List<RtpPacket> probes = decrypt(fixture.takeSent());
        assertEquals(FanOutStage.MAX_PROBE_PACKETS, probes.size());
        for (int i = 0; i < probes.size(); i++) {
            RtpPacket probe = probes.get(i);
            byte[] original = originals.get(20 + i);
            RtpPacket source = new RtpPacket();
            source.wrap(original, 0, original.length);
            assertEquals(StageFixture.RTX_SSRC + 100, probe.ssrc());
            assertEquals(StageFixture.RTX, probe.payloadType());
            assertEquals(FanOutStage.MIN_PROBE_PACKETS + i, probe.sequenceNumber(), "the RTX stream's own numbers");
            assertEquals(source.sequenceNumber(), NetworkOrder.uint16(probe.buffer(), probe.payloadOffset()), "OSN");
            assertEquals(source.payloadLength() + 2, probe.payloadLength());
            assertArrayEquals(Arrays.copyOfRange(original, source.payloadOffset(), original.length),
                    Arrays.copyOfRange(probe.buffer(), probe.payloadOffset() + 2, probe.payloadOffset() + probe.payloadLength()),
                    "the original payload");
        }
    }

    @Test
    void noProbeWithoutAnRtxStreamOrACache() {
        Consumer withoutRtx = consume(video, "0");
        assertEquals(0, fanOut.probe(fixture.loop, withoutRtx, 3_000_000, NOW), "nothing cached yet");
        byte[] packet = StageFixture.vp8(1, 1, false);
        rtp.wrap(packet, 0, packet.length);
        fanOut.forward(fixture.loop, video, rtp, false, NOW);
        fixture.takeSent();
        assertEquals(0, fanOut.probe(fixture.loop, withoutRtx, 3_000_000, NOW), "the subscriber has no RTX stream");
        assertEquals(List.of(), fixture.takeSent());
    }

    @Test
    void nothingGoesToAConsumerBeforeItsKeysOrWithNobodyWatching() {
        byte[] packet = StageFixture.vp8(1, 1, false);
        rtp.wrap(packet, 0, packet.length);
        assertEquals(0, fanOut.forward(fixture.loop, video, rtp, false, NOW), "no consumers");

        video.source().addConsumer(new Consumer(video.source(), null, subscriber, section("0"), answered("0")));
        assertEquals(0, fanOut.forward(fixture.loop, video, rtp, false, NOW), "not keyed yet");
        assertEquals(List.of(), fixture.takeSent());
    }

    private Consumer consume(Producer producer, String mid) {
        return consume(producer, mid, -1);
    }

    private Consumer consume(Producer producer, String mid, long rtxSsrc) {
        Consumer consumer = new Consumer(producer.source(), null, subscriber, section(mid, rtxSsrc), answered(mid));
        consumer.key(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 9), DtlsRole.SERVER);
        producer.source().addConsumer(consumer);
        return consumer;
    }

    private static SubscriberSection section(String mid) {
        return section(mid, -1);
    }

    private static SubscriberSection section(String mid, long rtxSsrc) {
        OutgoingTrack track = new OutgoingTrack("video", "publisher", "stream", "track", StageFixture.VIDEO_SSRC,
                rtxSsrc, "cname", StageFixture.CODECS, StageFixture.EXTENSIONS);
        return new SubscriberSection(mid, "video", SectionState.SENDING, track, StageFixture.CODECS,
                StageFixture.EXTENSIONS);
    }

    private static AnsweredSection answered(String mid) {
        return new AnsweredSection(mid, true, MediaDirection.RECVONLY, StageFixture.CODECS, StageFixture.EXTENSIONS);
    }

    private List<RtpPacket> decrypt(List<byte[]> datagrams) {
        return StageFixture.decrypt(subscriberSrtp, datagrams);
    }

    private static List<Integer> transportSequences(List<RtpPacket> packets) {
        List<Integer> sequences = new ArrayList<>();
        for (RtpPacket packet : packets) {
            int at = packet.findExtension(StageFixture.TRANSPORT_CC_ID);
            sequences.add(NetworkOrder.uint16(packet.buffer(), at));
        }
        return sequences;
    }
}

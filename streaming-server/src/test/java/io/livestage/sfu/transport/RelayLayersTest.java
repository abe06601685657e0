package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.DtlsSetup;
import io.livestage.sfu.sdp.HostCandidate;
import io.livestage.sfu.sdp.LocalTransportDescription;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.PublisherAnswerBuilder;
import io.livestage.sfu.sdp.SdpOffer;
import io.livestage.sfu.sdp.SubscriberOffer;
import io.livestage.sfu.sdp.SubscriberOfferBuilder;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A show's simulcast track on its way to another node's viewers, in bytes: the origin's relay subscription
 * gets every layer as a stream of its own (whatever the link's estimate), its offer announces them as
 * {@code a=ssrc-group:SIM}, the edge takes that offer as a publisher's whose layers it knows by SSRC, and each
 * viewer on the edge then gets their own layer out of the one relay.
 */
class RelayLayersTest {
    private static final long T0 = 10_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long LOW_VIEWER_SSRC = 0x7777_0001L;
    private static final long HIGH_VIEWER_SSRC = 0x7777_0002L;
    private static final LocalTransportDescription EDGE = new LocalTransportDescription(
            new IceCredentials("edge", "0123456789012345678901"), "AA:BB", List.of(new HostCandidate("127.0.0.1", 10001)));
    private static final LocalTransportDescription ORIGIN = new LocalTransportDescription(
            new IceCredentials("orig", "0123456789012345678901"), "CC:DD", List.of(new HostCandidate("127.0.0.1", 10000)));

    private final StageFixture origin = new StageFixture();
    private final FanOutStage originFanOut = new FanOutStage(origin.metrics);
    private final TrackReceiveStage published = new TrackReceiveStage(List.of(SimulcastPackets.section()),
            origin.metrics);
    private final MediaSource source = published.announced().get(0);
    private final StageFixture.Target relayTarget = new StageFixture.Target();
    private final RtpPacket rtp = new RtpPacket();

    @Test
    void aLayeredTracksStreamsAreItsOwnFixedForItsLifeAndEachLayerHasRtxWhenTheTrackHas() {
        List<OutgoingTrack.LayerStream> streams = source.layerStreams();
        assertEquals(3, streams.size());
        assertEquals(source.description().ssrc(), streams.get(0).ssrc(), "the lowest layer is the track's stream");
        assertEquals(source.description().rtxSsrc(), streams.get(0).rtxSsrc());
        assertEquals(6, layeredTrack().ssrcs().stream().distinct().count(), "three layers, each with its RTX");
        assertSame(streams, source.layerStreams());
        assertTrue(new MediaSource(source.description(), List.of()).layerStreams().isEmpty(),
                "a track of one stream is sent as one");
    }

    @Test
    void theRelayOfferAnnouncesEveryLayerAndTheEdgeKnowsThemByTheirSsrcs() throws Exception {
        OutgoingTrack track = layeredTrack();
        String sdp = new SubscriberOfferBuilder(7).offer(ORIGIN, List.of(track)).sdp();
        List<OutgoingTrack.LayerStream> streams = track.layers();
        assertTrue(sdp.contains("a=ssrc-group:SIM " + streams.get(0).ssrc() + " " + streams.get(1).ssrc() + " "
                + streams.get(2).ssrc() + "\r\n"), sdp);
        for (OutgoingTrack.LayerStream stream : streams) {
            assertTrue(sdp.contains("a=ssrc-group:FID " + stream.ssrc() + " " + stream.rtxSsrc() + "\r\n"), sdp);
        }

        ProducerTable edge = new ProducerTable(edgeSections(sdp));
        assertEquals(1, edge.sources().size(), "one track of three layers, not three tracks");
        MediaSource relayed = edge.sources().get(0);
        assertTrue(relayed.simulcast());
        for (int layer = 0; layer < 3; layer++) {
            Producer producer = edge.media(streams.get(layer).ssrc());
            assertNotNull(producer, "layer " + layer + " is known before its first packet");
            assertSame(producer, relayed.layer(layer));
            assertSame(producer, edge.repairedBy(streams.get(layer).rtxSsrc()));
        }
        assertFalse(track.ssrcs().contains(relayed.description().ssrc()),
                "the edge's viewers know the track by an SSRC of the edge's own, whichever layer they get");
    }

    @Test
    void everyLayerCrossesTheRelayWhateverItsEstimateAndEachEdgeViewerGetsTheirOwn() throws Exception {
        OutgoingTrack track = layeredTrack();
        SubscriberOffer offer = new SubscriberOfferBuilder(7).offer(ORIGIN, List.of(track));
        SubscriberSection section = offer.sections().get(0);
        AnsweredSection answered = new AnsweredSection(section.mid(), true, MediaDirection.RECVONLY,
                section.codecs(), section.extensions());
        List<Consumer> relay = new ArrayList<>();
        for (int layer = 0; layer < 3; layer++) {
            Consumer consumer = Consumer.ofLayer(source, null, relayTarget, section, answered, layer);
            consumer.key(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 5), DtlsRole.SERVER);
            consumer.pin(0);
            // No estimate at all: a relay's layers do not depend on one.
            consumer.allocate(0, 0, T0);
            source.addConsumer(consumer);
            relay.add(consumer);
        }
        for (int layer = 0; layer < 3; layer++) {
            publish(SimulcastPackets.layer(layer).sequence(100).bytes(), T0);
        }
        for (int round = 0; round < 2; round++) {
            for (int layer = 0; layer < 3; layer++) {
                int sequence = 101 + 2 * round;
                publish(SimulcastPackets.layer(layer).withoutRid().keyframe().sequence(sequence)
                        .timestamp(90_000 + 6_000 * round).picture(10 + 2 * round).bytes(), T0 + 10_000_000);
                publish(SimulcastPackets.layer(layer).withoutRid().sequence(sequence + 1)
                        .timestamp(93_000 + 6_000 * round).picture(11 + 2 * round).temporal(2, true).bytes(),
                        T0 + 43_000_000);
            }
        }
        assertEquals(7, relay.stream().mapToInt(Consumer::layersInUse).reduce(0, (a, b) -> a | b),
                "the publisher is kept sending every layer the relay carries");

        List<RtpPacket> crossed = StageFixture.decrypt(
                SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 5)), origin.takeSent());
        List<OutgoingTrack.LayerStream> streams = track.layers();
        for (int layer = 0; layer < 3; layer++) {
            long ssrc = streams.get(layer).ssrc();
            assertEquals(4, crossed.stream().filter(packet -> packet.ssrc() == ssrc).count(), "layer " + layer
                    + ": from its first keyframe on, temporal layer 2 too, under its own SSRC whatever the estimate");
        }

        // The edge: the first round tells it each layer's rate, then two viewers choose from the second.
        StageFixture edge = new StageFixture();
        TrackReceiveStage edgeTracks = new TrackReceiveStage(edgeSections(offer.sdp()), edge.metrics);
        MediaSource relayed = edgeTracks.announced().get(0);
        FanOutStage edgeFanOut = new FanOutStage(edge.metrics);
        relayed.producers().forEach(layer -> layer.sample(T0));
        for (RtpPacket packet : crossed.subList(0, 6)) {
            assertNotNull(edgeTracks.onRtp(packet, T0), "every relayed packet is a layer of the track on the edge");
        }
        relayed.producers().forEach(layer -> layer.sample(T0 + SECOND));
        viewer(relayed, LOW_VIEWER_SSRC, 0);
        viewer(relayed, HIGH_VIEWER_SSRC, 2);
        for (RtpPacket packet : crossed.subList(6, crossed.size())) {
            Producer producer = edgeTracks.onRtp(packet, T0 + SECOND);
            edgeFanOut.forward(edge.loop, producer, packet, edgeTracks.keyframeStarted(), T0 + SECOND);
        }
        List<RtpPacket> delivered = StageFixture.decrypt(
                SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 6)), edge.takeSent());
        assertEquals(2, delivered.stream().filter(packet -> packet.ssrc() == LOW_VIEWER_SSRC).count());
        assertEquals(2, delivered.stream().filter(packet -> packet.ssrc() == HIGH_VIEWER_SSRC).count());
        assertEquals(0, relayed.consumers()[0].currentLayer(), "the data-saver viewer is on the lowest layer");
        assertEquals(2, relayed.consumers()[1].currentLayer(), "the other on the highest, from the same relay");
    }

    @Test
    void aLayerTheEdgeDoesNotNeedIsHeldBackAndGoesOnFromItsNextKeyframeWithoutAGap() {
        OutgoingTrack track = layeredTrack();
        SubscriberOffer offer = new SubscriberOfferBuilder(7).offer(ORIGIN, List.of(track));
        SubscriberSection section = offer.sections().get(0);
        AnsweredSection answered = new AnsweredSection(section.mid(), true, MediaDirection.RECVONLY,
                section.codecs(), section.extensions());
        Consumer top = Consumer.ofLayer(source, null, relayTarget, section, answered, 2);
        top.key(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 5), DtlsRole.SERVER);
        source.addConsumer(top);
        publish(SimulcastPackets.layer(2).keyframe().sequence(10).timestamp(90_000).picture(1).bytes(), T0);
        publish(SimulcastPackets.layer(2).withoutRid().sequence(11).timestamp(93_000).picture(2).bytes(), T0);

        top.holdBack(true);
        assertEquals(0, top.layersInUse(), "the publisher need not send the layer for this relay");
        assertFalse(top.switchPending(), "nor is a keyframe asked for while it is held back");
        publish(SimulcastPackets.layer(2).withoutRid().sequence(12).timestamp(96_000).picture(3).bytes(), T0);
        publish(SimulcastPackets.layer(2).withoutRid().keyframe().sequence(13).timestamp(99_000).picture(4).bytes(),
                T0);

        top.holdBack(false);
        assertEquals(1 << 2, top.layersInUse());
        publish(SimulcastPackets.layer(2).withoutRid().sequence(20).timestamp(120_000).picture(11).bytes(),
                T0 + SECOND);
        assertTrue(top.switchPending(), "a delta frame after the pause waits for the layer's keyframe");
        publish(SimulcastPackets.layer(2).withoutRid().keyframe().sequence(21).timestamp(123_000).picture(12)
                .bytes(), T0 + SECOND);
        publish(SimulcastPackets.layer(2).withoutRid().sequence(22).timestamp(126_000).picture(13).bytes(),
                T0 + SECOND);

        List<RtpPacket> crossed = StageFixture.decrypt(
                SrtpSession.forDtlsClient(StageFixture.keys(SrtpProfile.AEAD_AES_128_GCM, 5)), origin.takeSent());
        List<Integer> sequences = crossed.stream().map(RtpPacket::sequenceNumber).toList();
        assertEquals(List.of(10, 11, 12, 13), sequences,
                "before the pause, then from the keyframe after it, numbered on as one stream");
        assertTrue(crossed.stream().allMatch(packet -> packet.ssrc() == track.layers().get(2).ssrc()));
        assertFalse(top.switchPending());
    }

    @Test
    void aSimGroupTheEdgeCannotTakeLeavesTheSectionsStreamsAsTheyWere() throws Exception {
        OutgoingTrack track = layeredTrack();
        String sdp = new SubscriberOfferBuilder(7).offer(ORIGIN, List.of(track)).sdp();
        long unannounced = 0x0BAD_0001L;
        String broken = sdp.replace("a=ssrc-group:SIM " + track.layers().get(0).ssrc() + " ",
                "a=ssrc-group:SIM " + unannounced + " ");
        ProducerTable edge = new ProducerTable(edgeSections(broken));
        assertEquals(3, edge.sources().size(), "without a usable group each announced stream is a track, as before");
        assertNull(edge.media(unannounced));
    }

    /** The show's simulcast track as a relay's offer sends it: every layer under the source's streams for them. */
    private OutgoingTrack layeredTrack() {
        List<OutgoingTrack.LayerStream> streams = source.layerStreams();
        return new OutgoingTrack("video", "publisher", "stream", "video", streams.get(0).ssrc(),
                streams.get(0).rtxSsrc(), "cname", StageFixture.CODECS, StageFixture.EXTENSIONS, streams);
    }

    /** The sections an edge accepts from the relay's offer, as its relay transport does (DTLS client). */
    private static List<AcceptedMedia> edgeSections(String relayOffer) throws Exception {
        return PublisherAnswerBuilder.answer(SdpOffer.parse(relayOffer), EDGE, DtlsSetup.ACTIVE).media();
    }

    private static void viewer(MediaSource relayed, long ssrc, int layer) {
        Consumer consumer = StageFixture.viewerConsumer(relayed, new StageFixture.Target(), ssrc, 6);
        consumer.pin(layer);
        consumer.allocate(0, 0, T0);
        relayed.addConsumer(consumer);
    }

    private void publish(byte[] packet, long now) {
        assertTrue(rtp.wrap(packet, 0, packet.length));
        Producer producer = published.onRtp(rtp, now);
        assertNotNull(producer);
        originFanOut.forward(origin.loop, producer, rtp, published.keyframeStarted(), now);
    }
}

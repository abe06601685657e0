package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsFailure;
import io.livestage.sfu.dtls.DtlsState;
import io.livestage.sfu.rtp.RtpPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the SFU's own ICE-lite, DTLS server and SRTP pieces on a real UDP socket. */
class WebRtcPeerLoopbackTest {

    private static WebRtcPeerGroup group;

    @BeforeAll
    static void startGroup() {
        group = new WebRtcPeerGroup(1, Duration.ofSeconds(5), DtlsConfig.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopGroup() {
        group.close();
    }

    @Test
    void publishesSyntheticMediaThatTheServerSideDecryptsWithExactLoss() throws Exception {
        WebRtcPeer peer = group.newPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MediaReceiver.NONE);
        LocalTracks tracks = LocalTracks.random(new SecureRandom());
        try (LoopbackSfu sfu = new LoopbackSfu(peer.localIce(), peer.fingerprint())) {
            ServerAnswer answer = ServerAnswer.parse(sfu.answer(OfferBuilder.publisher(peer.localIce(), peer.fingerprint(), tracks)));
            peer.connect(answer, answer.firstIpv4HostCandidate()).get(10, TimeUnit.SECONDS);
            assertEquals(PeerState.CONNECTED, peer.state());

            PacedSender sender = new PacedSender(peer.eventLoop(), peer::sendRtp);
            TransportWideSequence sequence = new TransportWideSequence();
            SplittableRandom random = new SplittableRandom(7);
            sender.add(new OpusPacketizer(tracks.audioSsrc(), OfferBuilder.OPUS_PT, 60,
                    new RtpHeaderWriter(answer.audioExtensions(), OfferBuilder.AUDIO_MID, sequence), random.split()),
                    DropPolicy.NONE);
            sender.add(new Vp8Packetizer(tracks.videoSsrc(), OfferBuilder.VP8_PT, VideoSettings.hd720().withBitrate(800_000),
                    new RtpHeaderWriter(answer.videoExtensions(), OfferBuilder.VIDEO_MID, sequence), random.split()),
                    DropPolicy.everyNth(7));
            sender.start();
            Thread.sleep(700);
            sender.stop().get(2, TimeUnit.SECONDS);

            SentStreamStats audio = sender.stats().get(0);
            SentStreamStats video = sender.stats().get(1);
            assertTrue(audio.packets() > 20 && video.dropped() > 5, "sent " + sender.stats());
            awaitCount(() -> sfu.packets(tracks.videoSsrc()) + sfu.packets(tracks.audioSsrc()),
                    audio.packets() + video.packets());
            assertEquals(audio.packets(), sfu.packets(tracks.audioSsrc()));
            assertEquals(video.packets(), sfu.packets(tracks.videoSsrc()));
            assertEquals(0, sfu.lost(tracks.audioSsrc()));
            assertEquals(video.dropped(), sfu.lost(tracks.videoSsrc()));
            assertTrue(sfu.keyframes.get() >= 1);
            assertEquals(0, sfu.decryptFailures.get());
            assertEquals(audio.packets() + video.packets(), peer.stats().rtpSent());

            peer.close().get(2, TimeUnit.SECONDS);
            awaitCount(() -> sfu.dtlsState() == DtlsState.CLOSED ? 1 : 0, 1);
        }
    }

    @Test
    void receivesDecryptedRtpAndCountsLossPerSsrc() throws Exception {
        List<Integer> sequences = new CopyOnWriteArrayList<>();
        MediaReceiver receiver = new MediaReceiver() {
            @Override
            public void onRtp(WebRtcPeer peer, RtpPacket packet) {
                sequences.add(packet.sequenceNumber());
            }
        };
        WebRtcPeer peer = group.newPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), receiver);
        try (LoopbackSfu sfu = new LoopbackSfu(peer.localIce(), peer.fingerprint())) {
            ServerAnswer answer = ServerAnswer.parse(sfu.answer(OfferBuilder.receiver(peer.localIce(), peer.fingerprint())));
            peer.connect(answer, answer.firstIpv4HostCandidate()).get(10, TimeUnit.SECONDS);
            awaitCount(() -> sfu.dtlsState() == DtlsState.CONNECTED ? 1 : 0, 1);
            byte[] packet = new byte[200];
            RtpHeaderWriter header = new RtpHeaderWriter(RtpExtensionIds.NOTHING, "1", new TransportWideSequence());
            for (int seq = 100; seq < 120; seq++) {
                if (seq == 110) {
                    continue;
                }
                int at = header.write(packet, 0, OfferBuilder.VP8_PT, false, seq, 9000L * seq, 0xCAFEL, 0, 0);
                assertTrue(sfu.sendToClient(packet, at + 100, false));
            }
            awaitCount(sequences::size, 19);
            List<ReceivedStreamStats> streams = peer.receivedStreams().get(2, TimeUnit.SECONDS);
            assertEquals(1, streams.size());
            assertEquals(0xCAFEL, streams.get(0).ssrc());
            assertEquals(19, streams.get(0).packets());
            assertEquals(1, streams.get(0).lost());
            assertEquals(0, peer.stats().decryptFailed());
            peer.close().get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void iceTimesOutWhenNobodyAnswers() throws Exception {
        try (WebRtcPeerGroup impatient = new WebRtcPeerGroup(1, Duration.ofMillis(300), DtlsConfig.DEFAULT);
                DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            WebRtcPeer peer = impatient.newPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    MediaReceiver.NONE);
            LoopbackSfu sfu = new LoopbackSfu(peer.localIce(), peer.fingerprint());
            ServerAnswer answer = ServerAnswer.parse(sfu.answer(OfferBuilder.receiver(peer.localIce(), peer.fingerprint())));
            WebRtcException failure = failure(peer.connect(answer, (InetSocketAddress) silent.getLocalSocketAddress()));
            sfu.close();
            assertEquals(WebRtcFailure.ICE_TIMEOUT, failure.failure());
            assertEquals(PeerState.FAILED, peer.state());
        }
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotMatchTheAnswer() throws Exception {
        WebRtcPeer peer = group.newPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MediaReceiver.NONE);
        try (LoopbackSfu sfu = new LoopbackSfu(peer.localIce(), peer.fingerprint())) {
            ServerAnswer honest = ServerAnswer.parse(sfu.answer(OfferBuilder.receiver(peer.localIce(), peer.fingerprint())));
            ServerAnswer forged = new ServerAnswer(honest.iceLite(), honest.ice(),
                    DtlsCertificate.generate(new SecureRandom()).fingerprint(), honest.setup(), honest.hostCandidates(),
                    honest.audioAccepted(), honest.videoAccepted(), honest.audioExtensions(), honest.videoExtensions());
            WebRtcException failure = failure(peer.connect(forged, forged.firstIpv4HostCandidate()));
            assertEquals(WebRtcFailure.DTLS_FAILED, failure.failure());
            assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, failure.dtlsFailure());
        }
    }

    private static WebRtcException failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(WebRtcException.class, e.getCause());
        }
        throw new AssertionError("expected a failure");
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, count.getAsLong());
    }
}

package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.StunBindingClient;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.udp.MediaLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Benchmark seam: one publisher track and {@code n} subscribers wired from the server's own
 * classes (transports, {@link Producer}, {@link Consumer}s with their rewriters and SRTP sessions),
 * fed decrypted packets the way {@code PublisherSide.onRtp} feeds them. It lives in the load
 * generator under the server's package so it can reach the package-private producer and consumer
 * API without widening it (the shaded jar runs on the class path, where a package may span jars).
 *
 * <p>Each subscriber transport learns its address from a real ICE check, as in production; its
 * DTLS handshake never runs (the handshake executor drops it) and its consumer is keyed directly
 * with random keys instead, which is what a finished handshake would do.
 */
public final class FanOutStage {

    private static final Executor NO_HANDSHAKES = task -> { };
    private static final WebRtcTransport.Listener NOBODY = new WebRtcTransport.Listener() {
        @Override
        public void connected(WebRtcTransport transport) {
        }

        @Override
        public void closed(WebRtcTransport transport, String reason) {
        }
    };

    private final MediaLoop loop;
    private final SfuMetrics metrics;
    private final Producer producer;

    private FanOutStage(MediaLoop loop, SfuMetrics metrics, Producer producer) {
        this.loop = loop;
        this.metrics = metrics;
        this.producer = producer;
    }

    /** A producer of {@code track} with {@code subscribers} keyed consumers, each on its own transport. */
    public static FanOutStage create(MediaLoop loop, MeterRegistry registry, TrackDescription track, int subscribers,
            SrtpProfile profile, SecureRandom random) {
        SfuMetrics metrics = new SfuMetrics((role, phase) -> 0);
        metrics.bindTo(registry);
        TransportRegistry transports = new TransportRegistry();
        DtlsCertificate certificate = DtlsCertificate.generate(random);
        WebRtcTransport publisher = transport(TransportRole.PUBLISHER, "publisher", certificate, transports, metrics,
                random);
        Producer producer = new Producer(track);
        OutgoingTrack outgoing = new OutgoingTrack(track.kind(), "publisher", "stream", "track", track.ssrc(), -1,
                "cname", track.codecs(), track.extensions());
        for (int i = 0; i < subscribers; i++) {
            WebRtcTransport subscriber = transport(TransportRole.SUBSCRIBER, "viewer-" + i, certificate, transports,
                    metrics, random);
            IceCredentials viewerIce = IceCredentials.random(random);
            subscriber.start(viewerIce, certificate.fingerprint(), DtlsRole.SERVER, List.of());
            byte[] check = new StunBindingClient(viewerIce, subscriber.localIce(), random).newRequest(1, true).bytes();
            subscriber.onStun(loop, check, 0, check.length, new InetSocketAddress("127.0.0.1", 10_000 + i));
            if (subscriber.remote() == null) {
                throw new IllegalStateException("the subscriber's ICE check was refused");
            }
            String mid = String.valueOf(i);
            SubscriberSection section = new SubscriberSection(mid, track.kind(), SectionState.SENDING, outgoing,
                    track.codecs(), track.extensions());
            AnsweredSection answered = new AnsweredSection(mid, true, MediaDirection.RECVONLY, track.codecs(),
                    track.extensions());
            Consumer consumer = new Consumer(producer, publisher, subscriber, section, answered);
            byte[] exported = new byte[profile.keyingMaterialLength()];
            random.nextBytes(exported);
            consumer.key(SrtpKeyingMaterial.fromExporter(profile, exported), DtlsRole.SERVER);
            producer.addConsumer(consumer);
        }
        return new FanOutStage(loop, metrics, producer);
    }

    private static WebRtcTransport transport(TransportRole role, String userId, DtlsCertificate certificate,
            TransportRegistry transports, SfuMetrics metrics, SecureRandom random) {
        return new WebRtcTransport(role, userId, IceCredentials.random(random), certificate, DtlsConfig.DEFAULT,
                Duration.ofHours(1), NO_HANDSHAKES, transports, metrics, NOBODY);
    }

    /**
     * A decrypted packet of the track, as {@code PublisherSide.onRtp} handles it: receive
     * statistics and keyframe check, retransmission cache, one copy, rewrite and encryption per
     * consumer, one flush, the forwarding metrics.
     *
     * @return how many subscribers it was sent to
     */
    public int onRtp(RtpPacket rtp) {
        if (producer.onPacket(rtp, System.nanoTime()) == Producer.Verdict.UNKNOWN_PAYLOAD_TYPE) {
            throw new IllegalStateException("the track does not know payload type " + rtp.payloadType());
        }
        metrics.rtpIn(rtp.length());
        long start = System.nanoTime();
        int sent = producer.forward(loop, rtp, start);
        loop.flush();
        metrics.forwarded(sent, (long) sent * rtp.length(), System.nanoTime() - start);
        return sent;
    }
}

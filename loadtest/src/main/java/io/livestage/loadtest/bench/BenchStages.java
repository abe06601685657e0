package io.livestage.loadtest.bench;

import io.livestage.sfu.cc.TransportWideSender;
import io.livestage.sfu.dtls.DtlsCertificate;
import io.livestage.sfu.dtls.DtlsConfig;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SsrcDescription;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.transport.Consumer;
import io.livestage.sfu.transport.Producer;
import io.livestage.sfu.transport.SendTarget;
import io.livestage.sfu.transport.TrackReceiveStage;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.TransportSettings;
import io.livestage.sfu.transport.WebRtcTransport;
import io.livestage.sfu.udp.MediaLoop;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The server's own media stages, wired the way a transport wires them, for the benchmarks: a
 * publisher's VP8 track as {@link TrackReceiveStage} knows it, and consumers keyed as a finished
 * DTLS handshake would key them, sending to a loop whose channel frees every datagram (a benchmark
 * measures our work up to the socket, not the kernel's send).
 */
final class BenchStages {
    static final int MID_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    private static final List<HeaderExtension> EXTENSIONS = List.of(new HeaderExtension(MID_ID, HeaderExtension.MID),
            new HeaderExtension(ABS_SEND_TIME_ID, HeaderExtension.ABS_SEND_TIME),
            new HeaderExtension(TRANSPORT_CC_ID, HeaderExtension.TRANSPORT_CC));

    private BenchStages() {
    }

    /** A media loop that sends nowhere: its embedded channel releases what it is given. */
    static MediaLoop discardingLoop() {
        return new MediaLoop(new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.trySuccess();
            }
        }));
    }

    static SfuMetrics metrics() {
        return new SfuMetrics((role, phase) -> 0);
    }

    /** What a publisher's offer of one VP8 track with Chrome's video header extensions was accepted as. */
    static TrackReceiveStage publisher(long ssrc, int payloadType, SfuMetrics metrics) {
        AcceptedMedia video = new AcceptedMedia("1", "video", MediaDirection.RECVONLY, List.of(vp8(payloadType)),
                EXTENSIONS, List.of(new SsrcDescription(ssrc, "publisher", null)), List.of());
        return new TrackReceiveStage(List.of(video), metrics);
    }

    /**
     * A keyed consumer of the producer for one subscriber at {@code to}, added to the producer.
     *
     * @param transportWide whether the subscriber accepted the transport-cc and abs-send-time
     *     extensions, so each packet it gets is numbered and stamped for it (as browsers do), or
     *     only the MID (then the send stage blanks the others)
     */
    static Consumer subscribe(Producer producer, WebRtcTransport publisher, InetSocketAddress to, String mid,
            boolean transportWide, SrtpProfile profile, SecureRandom random) {
        List<RtpCodec> codecs = producer.description().codecs();
        OutgoingTrack outgoing = new OutgoingTrack("video", "publisher", "stream", "track", producer.ssrc(), -1,
                "cname", codecs, EXTENSIONS);
        SubscriberSection section = new SubscriberSection(mid, "video", SectionState.SENDING, outgoing, codecs,
                EXTENSIONS);
        AnsweredSection answered = new AnsweredSection(mid, true, MediaDirection.RECVONLY, codecs,
                transportWide ? EXTENSIONS : EXTENSIONS.subList(0, 1));
        Consumer consumer = new Consumer(producer.source(), publisher, new Target(to, new TransportWideSender()), section,
                answered);
        byte[] exported = new byte[profile.keyingMaterialLength()];
        random.nextBytes(exported);
        consumer.key(SrtpKeyingMaterial.fromExporter(profile, exported), DtlsRole.SERVER);
        producer.source().addConsumer(consumer);
        return consumer;
    }

    /** A publisher transport that never connects: consumers only need it for NACKs and keyframe requests. */
    static WebRtcTransport idlePublisher(SecureRandom random) {
        return new WebRtcTransport(TransportRole.PUBLISHER, "publisher", IceCredentials.random(random),
                DtlsCertificate.generate(random), new TransportSettings(DtlsConfig.DEFAULT, Duration.ofHours(1), 0),
                task -> { }, new TransportRegistry(), metrics(), new WebRtcTransport.Listener() {
                    @Override
                    public void connected(WebRtcTransport transport) {
                    }

                    @Override
                    public void closed(WebRtcTransport transport, String reason) {
                    }
                });
    }

    private static RtpCodec vp8(int payloadType) {
        return new RtpCodec(payloadType, "VP8", 90_000, 0, null, List.of("nack", "nack pli", "ccm fir", "transport-cc"));
    }

    /** A subscriber at a fixed address with its own transport-wide numbering. */
    private record Target(InetSocketAddress remote, TransportWideSender transportWide) implements SendTarget {
        @Override
        public void keyframeSent(long nowNanos) {
        }
    }
}

package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.cc.TransportWideSender;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.MediaDirection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SectionState;
import io.livestage.sfu.sdp.SsrcDescription;
import io.livestage.sfu.sdp.SsrcGroup;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpProfile;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the stage tests share: a media loop whose channel records what would have been sent, one
 * publisher's VP8 video (with its RTX stream) as its SDP was accepted, and packets as Chrome sends
 * them (the one-byte extensions mid, abs-send-time and transport-cc).
 */
final class StageFixture {
    static final long VIDEO_SSRC = 0x11110001L;
    static final long RTX_SSRC = 0x11110002L;
    static final int VP8 = 96;
    static final int RTX = 97;
    static final int MID_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final List<HeaderExtension> EXTENSIONS = List.of(new HeaderExtension(MID_ID, HeaderExtension.MID),
            new HeaderExtension(ABS_SEND_TIME_ID, HeaderExtension.ABS_SEND_TIME),
            new HeaderExtension(TRANSPORT_CC_ID, HeaderExtension.TRANSPORT_CC));
    static final List<RtpCodec> CODECS = List.of(
            new RtpCodec(VP8, "VP8", 90_000, 0, null, List.of("nack", "nack pli", "transport-cc")),
            new RtpCodec(RTX, "rtx", 90_000, 0, "apt=" + VP8, List.of()));
    /** Where the tests' subscribers are. */
    static final InetSocketAddress SUBSCRIBER = new InetSocketAddress("127.0.0.1", 40_000);

    final List<DatagramPacket> sent = new ArrayList<>();
    final MediaLoop loop = new MediaLoop(recordingChannel(sent));
    final SfuMetrics metrics = new SfuMetrics((role, phase) -> 0);

    /** A channel that keeps what is written to it in {@code sent}, in place of a socket. */
    static EmbeddedChannel recordingChannel(List<DatagramPacket> sent) {
        return new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                sent.add((DatagramPacket) msg);
                promise.trySuccess();
            }
        });
    }

    /** The datagrams sent so far, as bytes, forgetting them. */
    List<byte[]> takeSent() {
        return take(sent);
    }

    /** The datagrams in {@code sent}, as bytes, released and forgotten. */
    static List<byte[]> take(List<DatagramPacket> sent) {
        List<byte[]> datagrams = new ArrayList<>();
        for (DatagramPacket packet : sent) {
            byte[] bytes = new byte[packet.content().readableBytes()];
            packet.content().getBytes(packet.content().readerIndex(), bytes);
            datagrams.add(bytes);
            packet.release();
        }
        sent.clear();
        return datagrams;
    }

    static AcceptedMedia video() {
        return new AcceptedMedia("1", "video", MediaDirection.RECVONLY, CODECS, EXTENSIONS,
                List.of(new SsrcDescription(VIDEO_SSRC, "cname", null), new SsrcDescription(RTX_SSRC, "cname", null)),
                List.of(new SsrcGroup(SsrcGroup.FID, List.of(VIDEO_SSRC, RTX_SSRC))));
    }

    /**
     * A VP8 packet of 200 bytes with the publisher's transport-wide sequence number; the first of a
     * keyframe when {@code keyframe}.
     */
    static byte[] vp8(int sequenceNumber, int transportSequence, boolean keyframe) {
        byte[] packet = rtp(VIDEO_SSRC, VP8, sequenceNumber, transportSequence, 200);
        packet[28] = 0x10; // VP8 descriptor: start of a partition
        packet[29] = (byte) (keyframe ? 0x00 : 0x01); // frame tag: P bit clear on keyframes
        packet[30] = 0;
        packet[31] = 0;
        packet[32] = (byte) 0x9D;
        packet[33] = 0x01;
        packet[34] = 0x2A;
        return packet;
    }

    /** An RTP packet with the three extensions (mid "1", abs-send-time, transport-cc) and a filler payload. */
    static byte[] rtp(long ssrc, int payloadType, int sequenceNumber, int transportSequence, int length) {
        byte[] packet = new byte[length];
        Arrays.fill(packet, 28, length, (byte) 0x5A);
        packet[0] = (byte) 0x90;
        packet[1] = (byte) payloadType;
        NetworkOrder.putUint16(packet, 2, sequenceNumber);
        NetworkOrder.putUint32(packet, 4, 3000L * sequenceNumber);
        NetworkOrder.putUint32(packet, 8, ssrc);
        NetworkOrder.putUint16(packet, 12, 0xBEDE);
        NetworkOrder.putUint16(packet, 14, 3);
        packet[16] = (byte) (MID_ID << 4);
        packet[17] = '1';
        packet[18] = (byte) (ABS_SEND_TIME_ID << 4 | 2);
        NetworkOrder.putUint24(packet, 19, 0x123456);
        packet[22] = (byte) (TRANSPORT_CC_ID << 4 | 1);
        NetworkOrder.putUint16(packet, 23, transportSequence);
        packet[25] = 0;
        packet[26] = 0;
        packet[27] = 0;
        return packet;
    }

    /** The subscriber's view of what was sent to it: each datagram decrypted and read as RTP. */
    static List<RtpPacket> decrypt(SrtpSession subscriber, List<byte[]> datagrams) {
        List<RtpPacket> packets = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            SrtpPacket view = new SrtpPacket().wrap(datagram, 0, datagram.length);
            assertEquals(SrtpStatus.OK, subscriber.unprotectRtp(view));
            RtpPacket packet = new RtpPacket();
            assertTrue(packet.wrap(datagram, 0, view.getLength()));
            packets.add(packet);
        }
        return packets;
    }

    /** A pooled buffer of the loop holding {@code bytes}, as the receiver hands datagrams over. */
    PacketBuffer buffer(byte[] bytes) {
        PacketBuffer buffer = loop.buffers().acquire();
        buffer.copyFrom(bytes, 0, bytes.length);
        return buffer;
    }

    static SrtpKeyingMaterial keys(SrtpProfile profile, int seed) {
        byte[] exported = new byte[profile.keyingMaterialLength()];
        Arrays.fill(exported, (byte) seed);
        return SrtpKeyingMaterial.fromExporter(profile, exported);
    }

    /** The two ends of one SRTP association: the peer as DTLS client, us as server. */
    record Sessions(SrtpSession peer, SrtpSession ours) {
        static Sessions of(int seed) {
            return new Sessions(SrtpSession.forDtlsClient(keys(SrtpProfile.AEAD_AES_128_GCM, seed)),
                    SrtpSession.forDtlsServer(keys(SrtpProfile.AEAD_AES_128_GCM, seed)));
        }
    }

    /**
     * A viewer's consumer of a VP8 track of these codecs and extensions, known to the viewer as {@code ssrc} (no
     * RTX), keyed as the server of a DTLS association seeded {@code keySeed}; not yet added to its source.
     */
    static Consumer viewerConsumer(MediaSource source, SendTarget target, long ssrc, int keySeed) {
        OutgoingTrack track = new OutgoingTrack("video", "publisher", "stream", "video", ssrc, -1, "cname", CODECS,
                EXTENSIONS);
        SubscriberSection section = new SubscriberSection("0", "video", SectionState.SENDING, track, CODECS,
                EXTENSIONS);
        AnsweredSection answered = new AnsweredSection("0", true, MediaDirection.RECVONLY, CODECS, EXTENSIONS);
        Consumer consumer = new Consumer(source, null, target, section, answered);
        consumer.key(keys(SrtpProfile.AEAD_AES_128_GCM, keySeed), DtlsRole.SERVER);
        return consumer;
    }

    /** A subscriber at {@link #SUBSCRIBER}, counting the keyframes sent to it. */
    static final class Target implements SendTarget {
        final TransportWideSender transportWide = new TransportWideSender();
        int keyframes;

        @Override
        public InetSocketAddress remote() {
            return SUBSCRIBER;
        }

        @Override
        public TransportWideSender transportWide() {
            return transportWide;
        }

        @Override
        public void keyframeSent(long nowNanos) {
            keyframes++;
        }
    }
}

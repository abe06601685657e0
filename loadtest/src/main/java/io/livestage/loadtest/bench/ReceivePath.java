package io.livestage.loadtest.bench;

import io.livestage.sfu.rtcp.RtcpPacketType;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.PacketClass;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The server's receive path for one SRTP video packet, in the order {@code DatagramReceiver} and
 * {@code WebRtcTransport.onSrtp} run it: RFC 7983 demux, copy out of Netty's datagram buffer,
 * transport lookup by sender address, the RTCP check, SRTP decryption in place, RTP parsing,
 * the track lookup by SSRC, receive statistics and the VP8 keyframe check.
 *
 * <p>The server's own transport and producer classes cannot be driven without a socket, ICE and a
 * DTLS handshake, so the stages are called here through the same public building blocks, with a
 * plain map standing in for the {@code TransportRegistry} (which is a {@link ConcurrentHashMap} by
 * address as well). Every failure throws: a benchmark that quietly measured dropped packets would
 * report the cost of rejecting them.
 */
final class ReceivePath {

    /** A publisher as the server knows it once ICE and DTLS are done: its SRTP session and tracks. */
    static final class Peer {
        private final LongObjectHashMap<Track> tracks = new LongObjectHashMap<>();
        private SrtpSession srtp;

        /** Starts over with a new session and fresh tracks, as if the peer had just connected. */
        void connect(SrtpSession session, long ssrc, int payloadType) {
            if (srtp != null) {
                srtp.close();
            }
            srtp = session;
            tracks.clear();
            tracks.put(ssrc, new Track(payloadType, System.nanoTime()));
        }

        SrtpSession srtp() {
            return srtp;
        }

        Track track(long ssrc) {
            return tracks.get(ssrc);
        }
    }

    /** One incoming video track: what {@code Producer.onPacket} keeps per packet. */
    static final class Track {
        private static final int CLOCK_RATE = 90_000;

        final RtpReceiveStats stats = new RtpReceiveStats();
        private final int payloadType;
        private final long createdNanos;
        private long keyframes;

        private Track(int payloadType, long createdNanos) {
            this.payloadType = payloadType;
            this.createdNanos = createdNanos;
        }

        long keyframes() {
            return keyframes;
        }
    }

    private final ConcurrentMap<InetSocketAddress, Peer> peers = new ConcurrentHashMap<>();
    private final SrtpPacket srtpView = new SrtpPacket();
    private final RtpPacket rtpView = new RtpPacket();

    void register(InetSocketAddress address, Peer peer) {
        peers.put(address, peer);
    }

    /**
     * Receives the datagram at {@code datagram[index, index + length)} from {@code sender} into
     * {@code buffer}, which the caller took from a pool and gives back afterwards.
     *
     * @return the decrypted packet, a view into {@code buffer} valid until the next call
     */
    RtpPacket receive(ByteBuf datagram, int index, int length, InetSocketAddress sender, PacketBuffer buffer) {
        if (length < 1 || length > PacketBuffer.CAPACITY
                || PacketClass.of(datagram.getByte(index)) != PacketClass.RTP_OR_RTCP) {
            throw new IllegalStateException("not an RTP datagram");
        }
        byte[] bytes = buffer.array();
        datagram.getBytes(index, bytes, 0, length);
        buffer.setRange(0, length);

        Peer peer = peers.get(sender);
        if (peer == null) {
            throw new IllegalStateException("no transport for " + sender);
        }
        if (RtcpPacketType.isRtcp(bytes, 0, length)) {
            throw new IllegalStateException("RTCP where RTP was sent");
        }
        long ssrc = NetworkOrder.uint32(bytes, 8);
        SrtpStatus status = peer.srtp.unprotectRtp(srtpView.wrap(bytes, 0, length));
        if (status != SrtpStatus.OK) {
            throw new IllegalStateException("SRTP refused the packet: " + status);
        }
        RtpPacket rtp = rtpView;
        if (!rtp.wrap(bytes, 0, srtpView.getLength())) {
            throw new IllegalStateException("malformed RTP");
        }
        Track track = peer.track(ssrc);
        if (track == null || rtp.payloadType() != track.payloadType) {
            throw new IllegalStateException("unknown track or payload type");
        }
        long arrival = (System.nanoTime() - track.createdNanos) / 1000 * Track.CLOCK_RATE / 1_000_000;
        track.stats.onPacket(rtp, arrival);
        if (Vp8Payload.isKeyframe(bytes, rtp.payloadOffset(), rtp.payloadLength())) {
            track.keyframes++;
        }
        return rtp;
    }
}

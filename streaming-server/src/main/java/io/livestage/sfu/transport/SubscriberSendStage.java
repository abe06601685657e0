package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.AbsSendTime;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;

/**
 * Send stage: one packet of a track on its way to one subscriber. A pooled copy is rewritten for
 * the subscriber's m-section and onto the consumer's continuous stream ({@link StreamProjection}:
 * SSRC, sequence number, timestamp, VP8 picture ids), numbered in the subscriber transport's own transport-wide sequence
 * and stamped with our send time (so the feedback the subscriber returns describes our sending,
 * not the publisher's), encrypted with this consumer's SRTP context and queued on the loop's
 * socket; the fan-out flushes once per packet. Packets sent again for the subscriber's bandwidth
 * probes go on its RTX stream. Used on the producer's loop only.
 */
public final class SubscriberSendStage {
    /** The original sequence number an RTX payload starts with (RFC 4588 section 4). */
    private static final int OSN_LENGTH = 2;

    private final RtpRewriter rewriter;
    private final StreamProjection projection;
    private final SendTarget target;
    /** Null when the subscriber takes no retransmission stream for this track. */
    private final RtxStream rtx;
    private SrtpSession srtp;
    private int lastTransportSequence = -1;

    SubscriberSendStage(RtpRewriter rewriter, StreamProjection projection, SendTarget target, RtxStream rtx) {
        this.rewriter = rewriter;
        this.projection = projection;
        this.target = target;
        this.rtx = rtx;
    }

    /** Keys from the subscriber's DTLS handshake; until then nothing is sent. */
    void key(SrtpSession session) {
        srtp = session;
    }

    boolean keyed() {
        return srtp != null;
    }

    /** The consumer's SRTP session, which its sender reports use too; null until keyed or after close. */
    SrtpSession session() {
        return srtp;
    }

    /**
     * Sends the decrypted packet {@code header} describes, with the values the projection computed
     * for it ({@code vp8} is its payload descriptor, cleared for other codecs).
     *
     * @return false when nothing went out: not keyed yet, no address yet, or a payload type the
     *     subscriber did not accept
     */
    public boolean send(MediaLoop loop, RtpPacket header, Vp8Descriptor vp8, long nowNanos) {
        SrtpSession session = srtp;
        InetSocketAddress to = target.remote();
        if (session == null || to == null) {
            return false;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            out.copyFrom(header.buffer(), header.offset(), header.length());
            projection.write(out.array(), 0, header, vp8, 0);
            return rewriter.apply(out.array(), 0, header) && numberProtectQueue(loop, session, out, to, nowNanos);
        } finally {
            loop.buffers().release(out);
        }
    }

    /**
     * Sends the decrypted packet {@code header} describes again on the subscriber's retransmission
     * stream (RFC 4588): its header rewritten as for {@link #send}, then the RTX SSRC, payload type
     * and sequence number, and the projected sequence number ahead of the payload; padding dropped.
     *
     * @return false when the subscriber takes no RTX for this track, or nothing could be sent
     */
    public boolean sendRtx(MediaLoop loop, RtpPacket header, Vp8Descriptor vp8, long nowNanos) {
        SrtpSession session = srtp;
        InetSocketAddress to = target.remote();
        int headerLength = header.headerLength();
        int payloadLength = header.payloadLength();
        int length = headerLength + OSN_LENGTH + payloadLength;
        if (rtx == null || session == null || to == null
                || length + session.rtpTrailerLength() > PacketBuffer.CAPACITY) {
            return false;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            byte[] bytes = out.array();
            System.arraycopy(header.buffer(), header.offset(), bytes, 0, headerLength);
            System.arraycopy(header.buffer(), header.payloadOffset(), bytes, headerLength + OSN_LENGTH, payloadLength);
            out.setRange(0, length);
            bytes[0] &= ~0x20;
            projection.write(bytes, 0, header, vp8, OSN_LENGTH);
            NetworkOrder.putUint16(bytes, headerLength, projection.sequence());
            if (!rewriter.apply(bytes, 0, header)) {
                return false;
            }
            int payloadType = rtx.payloadTypeFor(bytes[1]);
            if (payloadType < 0) {
                return false;
            }
            bytes[1] = (byte) ((bytes[1] & 0x80) | payloadType);
            NetworkOrder.putUint16(bytes, 2, rtx.nextSequence());
            NetworkOrder.putUint32(bytes, 8, rtx.ssrc());
            return numberProtectQueue(loop, session, out, to, nowNanos);
        } finally {
            loop.buffers().release(out);
        }
    }

    /** The transport-wide number of the last packet this stage numbered, or -1 before any. */
    int lastTransportSequence() {
        return lastTransportSequence;
    }

    /** Our transport-wide number and send time into the rewritten packet, then SRTP, then the socket. */
    private boolean numberProtectQueue(MediaLoop loop, SrtpSession session, PacketBuffer out, InetSocketAddress to,
                                       long nowNanos) {
        byte[] bytes = out.array();
        long nowMicros = nowNanos / 1000;
        int sequenceAt = rewriter.transportSequenceAt();
        if (sequenceAt >= 0) {
            lastTransportSequence = target.transportWide().next(out.length() + session.rtpTrailerLength(), nowMicros);
            NetworkOrder.putUint16(bytes, sequenceAt, lastTransportSequence);
        }
        int sendTimeAt = rewriter.absSendTimeAt();
        if (sendTimeAt >= 0) {
            AbsSendTime.write(bytes, sendTimeAt, nowMicros);
        }
        SrtpPacket view = loop.srtp().wrap(bytes, 0, out.length());
        if (session.protectRtp(view) != SrtpStatus.OK) {
            return false;
        }
        loop.write(bytes, 0, view.getLength(), to);
        return true;
    }

    /** Stops sending and wipes the keys. */
    void close() {
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
    }
}

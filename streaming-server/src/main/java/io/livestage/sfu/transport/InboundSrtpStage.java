package io.livestage.sfu.transport;

import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.RtcpPacketType;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * Receive stage 1: SRTP and SRTCP from the peer, authenticated and decrypted in place in the
 * arrival buffer. Packets that race the end of the DTLS handshake (the peer has its keys a moment
 * before we have ours) are held, a bounded few, and replayed once {@link #key} gives us the
 * session; anything else before then is dropped. Used on the transport's owner loop only.
 */
public final class InboundSrtpStage {
    /** Enough for the packets a browser sends between our DTLS Finished and our keys being ready. */
    static final int MAX_EARLY_PACKETS = 64;

    /** What became of a datagram. */
    public enum Outcome {
        /** Decrypted RTP, readable through the loop's {@link MediaLoop#rtp()} view. */
        RTP,
        /** Decrypted RTCP of {@link #length()} bytes at the buffer's offset. */
        RTCP,
        /** RTP that did not authenticate; {@link #failedSsrc()} names its stream. */
        REFUSED_RTP,
        /** Kept until the keys are ready. */
        HELD,
        /** Dropped and counted. */
        DROPPED
    }

    private final SfuMetrics metrics;
    private final BooleanSupplier handshaking;
    private final ArrayDeque<PacketBuffer> early = new ArrayDeque<>();
    private SrtpSession session;
    private int length;
    private long failedSsrc;

    /** @param handshaking whether the DTLS handshake is under way, so packets may be held for its keys */
    public InboundSrtpStage(SfuMetrics metrics, BooleanSupplier handshaking) {
        this.metrics = metrics;
        this.handshaking = handshaking;
    }

    public Outcome unprotect(MediaLoop loop, PacketBuffer packet) {
        if (session == null) {
            return hold(loop, packet);
        }
        byte[] buf = packet.array();
        int off = packet.offset();
        int len = packet.length();
        SrtpPacket view = loop.srtp().wrap(buf, off, len);
        if (RtcpPacketType.isRtcp(buf, off, len)) {
            if (session.unprotectRtcp(view) != SrtpStatus.OK) {
                metrics.dropped(DropReason.DECRYPT_FAILED);
                return Outcome.DROPPED;
            }
            length = view.getLength();
            return Outcome.RTCP;
        }
        if (session.unprotectRtp(view) != SrtpStatus.OK) {
            metrics.dropped(DropReason.DECRYPT_FAILED);
            failedSsrc = len >= RtpPacket.FIXED_HEADER_LENGTH ? NetworkOrder.uint32(buf, off + 8) : -1;
            return Outcome.REFUSED_RTP;
        }
        length = view.getLength();
        if (!loop.rtp().wrap(buf, off, length)) {
            metrics.dropped(DropReason.MALFORMED);
            return Outcome.DROPPED;
        }
        return Outcome.RTP;
    }

    private Outcome hold(MediaLoop loop, PacketBuffer packet) {
        if (early.size() >= MAX_EARLY_PACKETS || !handshaking.getAsBoolean()) {
            metrics.dropped(DropReason.NOT_CONNECTED);
            return Outcome.DROPPED;
        }
        PacketBuffer copy = loop.buffers().acquire();
        copy.copyFrom(packet.array(), packet.offset(), packet.length());
        early.add(copy);
        return Outcome.HELD;
    }

    /** Decrypted length of the last {@link Outcome#RTP} or {@link Outcome#RTCP} packet. */
    public int length() {
        return length;
    }

    /** The SSRC of the last {@link Outcome#REFUSED_RTP} packet, or -1 when too short to name one. */
    public long failedSsrc() {
        return failedSsrc;
    }

    /**
     * The keys are ready: later packets are decrypted, held ones come back from {@link #pollHeld()}.
     * The session stays the transport's, which also protects what it sends with it.
     */
    public void key(SrtpSession keys) {
        session = keys;
    }

    /** A held packet to run through the pipeline (the caller releases it), or null. */
    public PacketBuffer pollHeld() {
        return early.poll();
    }

    /** The transport closed: held packets are freed; the transport wipes the session it gave us. */
    public void close(MediaLoop loop) {
        session = null;
        PacketBuffer waiting;
        while ((waiting = early.poll()) != null) {
            metrics.dropped(DropReason.NOT_CONNECTED);
            loop.buffers().release(waiting);
        }
    }
}

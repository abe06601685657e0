package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.AbsSendTime;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;

/**
 * Send stage: one packet of a track on its way to one subscriber. A pooled copy is rewritten for
 * the subscriber's m-section, numbered in the subscriber transport's own transport-wide sequence
 * and stamped with our send time (so the feedback the subscriber returns describes our sending,
 * not the publisher's), encrypted with this consumer's SRTP context and queued on the loop's
 * socket; the fan-out flushes once per packet. Used on the producer's loop only.
 */
public final class SubscriberSendStage {
    private final RtpRewriter rewriter;
    private final SendTarget target;
    private SrtpSession srtp;

    SubscriberSendStage(RtpRewriter rewriter, SendTarget target) {
        this.rewriter = rewriter;
        this.target = target;
    }

    /** Keys from the subscriber's DTLS handshake; until then nothing is sent. */
    void key(SrtpSession session) {
        srtp = session;
    }

    boolean keyed() {
        return srtp != null;
    }

    /**
     * Sends {@code buf[off, off + len)}, a decrypted packet that {@code header} describes.
     *
     * @return false when nothing went out: not keyed yet, no address yet, or a payload type the
     *     subscriber did not accept
     */
    public boolean send(MediaLoop loop, byte[] buf, int off, int len, RtpPacket header, long nowNanos) {
        SrtpSession session = srtp;
        InetSocketAddress to = target.remote();
        if (session == null || to == null) {
            return false;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            out.copyFrom(buf, off, len);
            byte[] bytes = out.array();
            if (!rewriter.apply(bytes, out.offset(), header)) {
                return false;
            }
            long nowMicros = nowNanos / 1000;
            int sequenceAt = rewriter.transportSequenceAt();
            if (sequenceAt >= 0) {
                NetworkOrder.putUint16(bytes, sequenceAt, target.transportWide().next(len + session.rtpTrailerLength(), nowMicros));
            }
            int sendTimeAt = rewriter.absSendTimeAt();
            if (sendTimeAt >= 0) {
                AbsSendTime.write(bytes, sendTimeAt, nowMicros);
            }
            SrtpPacket view = loop.srtp().wrap(bytes, out.offset(), out.length());
            if (session.protectRtp(view) != SrtpStatus.OK) {
                return false;
            }
            loop.write(bytes, out.offset(), view.getLength(), to);
            return true;
        } finally {
            loop.buffers().release(out);
        }
    }

    /** Stops sending and wipes the keys. */
    void close() {
        if (srtp != null) {
            srtp.close();
            srtp = null;
        }
    }
}

package io.livestage.loadtest.webrtc;

import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The send half of SRTP for one peer: protects a plain packet in place (in the caller's buffer when
 * the tag fits after it, else in a reusable buffer of ours) and writes one datagram. Used on the
 * peer's event loop only.
 */
final class SrtpOutput {

    static final int DATAGRAM_CAPACITY = 1500;

    private final Channel channel;
    private final SrtpSession session;
    private final byte[] spare = new byte[DATAGRAM_CAPACITY];
    private final SrtpPacket view = new SrtpPacket();

    SrtpOutput(Channel channel, SrtpSession session) {
        this.channel = channel;
        this.session = session;
    }

    /** @return false when not sent: socket backlog full, or protection failed */
    boolean send(byte[] buf, int off, int len, boolean rtcp, InetSocketAddress to) {
        if (!channel.isWritable()) {
            return false;
        }
        int trailer = rtcp ? session.rtcpTrailerLength() : session.rtpTrailerLength();
        if (len > DATAGRAM_CAPACITY - trailer) {
            throw new IllegalArgumentException("packet of " + len + " bytes leaves no room for SRTP in a datagram");
        }
        if (buf.length - off - len >= trailer) {
            view.wrap(buf, off, len);
        } else {
            System.arraycopy(buf, off, spare, 0, len);
            view.wrap(spare, 0, len);
        }
        SrtpStatus status = rtcp ? session.protectRtcp(view) : session.protectRtp(view);
        if (status != SrtpStatus.OK) {
            return false;
        }
        ByteBuf out = channel.alloc().directBuffer(view.getLength());
        out.writeBytes(view.getBuffer(), view.getOffset(), view.getLength());
        channel.writeAndFlush(new DatagramPacket(out, to), channel.voidPromise());
        return true;
    }
}

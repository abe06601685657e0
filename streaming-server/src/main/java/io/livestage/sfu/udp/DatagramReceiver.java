package io.livestage.sfu.udp;

import io.livestage.sfu.ice.StunPeek;
import io.livestage.sfu.ice.StunRejection;
import io.livestage.sfu.ice.StunTransactionId;
import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.transport.TransportRegistry;
import io.livestage.sfu.transport.WebRtcTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The demultiplexer of one media socket: classifies each datagram by its first byte (RFC 7983),
 * finds its transport (STUN requests by the local ufrag, answers to our consent checks by their
 * transaction id, everything else by the sender's address, which only an authenticated ICE check
 * can register) and hands it over in a pooled heap buffer.
 * Whatever arrives, the worst outcome is a counted drop.
 */
final class DatagramReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final TransportRegistry transports;
    private final SfuMetrics metrics;
    private MediaLoop media;

    DatagramReceiver(TransportRegistry transports, SfuMetrics metrics) {
        this.transports = transports;
        this.metrics = metrics;
    }

    void attach(MediaLoop media) {
        this.media = media;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        long start = System.nanoTime();
        try {
            receive(packet);
        } finally {
            media.worked(System.nanoTime() - start);
        }
    }

    private void receive(DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        if (length < 1 || length > PacketBuffer.CAPACITY) {
            metrics.dropped(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        PacketClass kind = PacketClass.of(content.getByte(content.readerIndex()));
        if (kind == PacketClass.UNKNOWN) {
            metrics.dropped(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        InetSocketAddress sender = packet.sender();
        PacketBuffer buffer = media.buffers().acquire();
        try {
            byte[] bytes = buffer.array();
            content.getBytes(content.readerIndex(), bytes, 0, length);
            buffer.setRange(0, length);
            if (kind == PacketClass.STUN) {
                stun(bytes, length, sender);
                return;
            }
            WebRtcTransport transport = transports.byAddress(sender);
            if (transport == null) {
                metrics.dropped(DropReason.UNKNOWN_ADDRESS);
            } else if (kind == PacketClass.DTLS) {
                transport.onDtls(bytes, 0, length, sender);
            } else {
                transport.onSrtp(media, buffer);
            }
        } finally {
            media.buffers().release(buffer);
        }
    }

    private void stun(byte[] bytes, int length, InetSocketAddress sender) {
        if (StunPeek.isBindingResponse(bytes, 0, length)) {
            WebRtcTransport asked = transports.byTransaction(StunTransactionId.ofMessage(bytes, 0));
            if (asked == null) {
                metrics.iceFailure(StunRejection.UNKNOWN_TRANSACTION);
            } else {
                asked.onStunResponse(media, bytes, 0, length, sender);
            }
            return;
        }
        String ufrag = StunPeek.localUfrag(bytes, 0, length);
        if (ufrag == null) {
            metrics.iceFailure(StunRejection.MALFORMED);
            return;
        }
        WebRtcTransport transport = transports.byUfrag(ufrag);
        if (transport == null) {
            metrics.iceFailure(StunRejection.UNKNOWN_UFRAG);
            return;
        }
        transport.onStun(media, bytes, 0, length, sender);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket has no peer to close; keep serving everyone else.
        metrics.dropped(DropReason.MALFORMED);
    }
}

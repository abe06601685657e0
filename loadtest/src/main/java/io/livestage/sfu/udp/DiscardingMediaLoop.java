package io.livestage.sfu.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Benchmark seam, kept in the load generator under the server's package so that it reaches the
 * package-private {@link MediaLoop} constructor without widening the server's API (the shaded jar
 * runs on the class path, where a package may span jars). The loop's socket is an embedded
 * channel that frees every datagram it is given: a benchmark of the fan-out measures our work up
 * to the socket, not the kernel's send.
 */
public final class DiscardingMediaLoop {

    private DiscardingMediaLoop() {
    }

    public static MediaLoop create() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.trySuccess();
            }
        });
        return new MediaLoop(channel);
    }
}

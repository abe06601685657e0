package io.livestage.signaling.server;

import io.livestage.signaling.ratelimit.RequestBudget;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * WebSocket ping frames, ahead of Netty's protocol handler, which answers every ping with a pong
 * however many arrive and whether or not the client reads them. A ping spends a token of the
 * connection's request budget (and of its user's, once signed in) and is answered only while the
 * connection is writable; otherwise it is dropped (a control frame has no error reply). Everything
 * else passes through.
 */
final class WebSocketPings extends ChannelInboundHandlerAdapter {
    private final RequestBudget requests;

    WebSocketPings(RequestBudget requests) {
        this.requests = requests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame
                && (!ctx.channel().isWritable() || !requests.tryTake(System.nanoTime()))) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}

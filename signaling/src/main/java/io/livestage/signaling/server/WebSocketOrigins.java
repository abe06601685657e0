package io.livestage.signaling.server;

import io.livestage.signaling.config.WsConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Ahead of the WebSocket handshake: a browser page from an origin {@code ws.allowedOrigins} does
 * not list (and that is not ours) gets 403 instead of the upgrade.
 */
@ChannelHandler.Sharable
final class WebSocketOrigins extends ChannelInboundHandlerAdapter {
    private final String path;
    private final WsConfig config;
    private final HttpResponses responses;

    WebSocketOrigins(String path, WsConfig config, HttpResponses responses) {
        this.path = path;
        this.config = config;
        this.responses = responses;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request && new QueryStringDecoder(request.uri()).path().equals(path)
                && !config.allows(request.headers().get(HttpHeaderNames.ORIGIN), request.headers().get(HttpHeaderNames.HOST))) {
            try {
                responses.refuse(ctx, request, HttpResponseStatus.FORBIDDEN, "this origin may not open " + path);
            } finally {
                request.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}

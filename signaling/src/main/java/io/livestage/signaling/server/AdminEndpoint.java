package io.livestage.signaling.server;

import io.livestage.signaling.admin.AdminApi;
import io.livestage.signaling.net.SlowReaders;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;

/** The server API alone, on {@code admin.port}: {@code /api/...}; everything else there is a 404; idle connections close. */
@ChannelHandler.Sharable
final class AdminEndpoint extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ApiExchange api;
    private final HttpResponses responses;

    AdminEndpoint(ApiExchange api, HttpResponses responses) {
        this.api = api;
        this.responses = responses;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!ctx.channel().isWritable()) {
            // A client that does not read its answers gets no more of them (see HttpRequestHandler).
            SlowReaders.reset(ctx.channel());
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            responses.send(ctx, request, HttpResponseStatus.BAD_REQUEST, HttpResponses.TEXT, HttpResponses.bytes("bad request\n"));
        } else if (!AdminApi.handles(new QueryStringDecoder(request.uri()).rawPath())) {
            responses.send(ctx, request, HttpResponseStatus.NOT_FOUND, HttpResponses.TEXT, HttpResponses.bytes("not found\n"));
        } else {
            api.serve(ctx, request);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

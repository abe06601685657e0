package io.livestage.signaling.server;

import io.livestage.signaling.net.SlowReaders;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;

/** {@code GET /metrics} alone, on {@code metrics.port}: everything else there is a 404; idle connections close. */
@ChannelHandler.Sharable
final class MetricsEndpoint extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final HttpResponses responses;

    MetricsEndpoint(PrometheusMeterRegistry registry, HttpResponses responses) {
        this.registry = registry;
        this.responses = responses;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!ctx.channel().isWritable()) {
            // A scraper that does not read its answers gets no more of them (see HttpRequestHandler).
            SlowReaders.reset(ctx.channel());
            return;
        }
        boolean read = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
        if (!request.decoderResult().isSuccess()) {
            responses.send(ctx, request, HttpResponseStatus.BAD_REQUEST, HttpResponses.TEXT, HttpResponses.bytes("bad request\n"));
        } else if (!new QueryStringDecoder(request.uri()).path().equals("/metrics")) {
            responses.send(ctx, request, HttpResponseStatus.NOT_FOUND, HttpResponses.TEXT, HttpResponses.bytes("not found\n"));
        } else if (!read) {
            responses.send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, HttpResponses.TEXT, HttpResponses.bytes("use GET\n"));
        } else {
            responses.send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, HttpResponses.bytes(registry.scrape()));
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

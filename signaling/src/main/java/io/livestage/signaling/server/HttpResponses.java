package io.livestage.signaling.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes our HTTP responses, each with its {@link SecurityHeaders}; HEAD gets the headers alone. */
final class HttpResponses {
    static final String TEXT = "text/plain; charset=utf-8";

    private final SecurityHeaders security;

    HttpResponses(SecurityHeaders security) {
        this.security = security;
    }

    /** A response that is not a page. */
    void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String contentType,
              byte[] body) {
        FullHttpResponse response = response(request, status, contentType, body);
        security.apply(response.headers());
        write(ctx, response, HttpUtil.isKeepAlive(request));
    }

    /** One of our pages, with the policy its inline scripts need. */
    void sendPage(ChannelHandlerContext ctx, FullHttpRequest request, StaticFiles.Content page) {
        FullHttpResponse response = response(request, HttpResponseStatus.OK, page.contentType(), page.bytes());
        security.applyPage(response.headers(), page.scriptHashes(), request.headers().get(HttpHeaderNames.HOST));
        write(ctx, response, HttpUtil.isKeepAlive(request));
    }

    /** A refusal that also ends the connection (a refused WebSocket upgrade has nothing more to say). */
    void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message) {
        FullHttpResponse response = response(request, status, TEXT, bytes(message + "\n"));
        security.apply(response.headers());
        write(ctx, response, false);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String contentType,
                                             byte[] body) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

package io.livestage.signaling.server;

import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.ratelimit.ConnectionCaps;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Ahead of the WebSocket handshake: an upgrade that would take this node past
 * {@code limits.maxConnections} gets 503, one past {@code limits.maxConnectionsPerIp} from its
 * address 429, before any per-connection state exists. An admitted connection counts until it closes.
 */
@ChannelHandler.Sharable
final class WebSocketAdmission extends ChannelInboundHandlerAdapter {
    /** Set once a connection is counted, so a second upgrade request on it does not count it twice. */
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("livestage.ws.counted");

    private final String path;
    private final ConnectionCaps caps;
    private final HttpResponses responses;
    private final SignalingMetrics metrics;

    WebSocketAdmission(String path, ConnectionCaps caps, HttpResponses responses, SignalingMetrics metrics) {
        this.path = path;
        this.caps = caps;
        this.responses = responses;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel channel = ctx.channel();
        // Only upgrades count: a plain request to the path is refused by the handshake and holds nothing.
        if (msg instanceof FullHttpRequest request && !channel.hasAttr(COUNTED)
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && new QueryStringDecoder(request.uri()).path().equals(path)) {
            InetAddress address = ((InetSocketAddress) channel.remoteAddress()).getAddress();
            ConnectionCaps.Refusal refusal = caps.admit(address);
            if (refusal != null) {
                try {
                    refuse(ctx, request, refusal);
                } finally {
                    request.release();
                }
                return;
            }
            channel.attr(COUNTED).set(Boolean.TRUE);
            channel.closeFuture().addListener(closed -> caps.release(address));
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, ConnectionCaps.Refusal refusal) {
        if (refusal == ConnectionCaps.Refusal.NODE_FULL) {
            metrics.connectionRefused(SignalingMetrics.REFUSED_NODE);
            responses.refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "this server holds as many connections as it may; try again later");
        } else {
            metrics.connectionRefused(SignalingMetrics.REFUSED_ADDRESS);
            responses.refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many connections from your address");
        }
    }
}

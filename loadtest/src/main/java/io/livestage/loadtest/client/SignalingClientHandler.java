package io.livestage.loadtest.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last handler of a client pipeline: completes the handshake future and feeds frames to the client. */
final class SignalingClientHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingClientHandler.class);

    private final SignalingClient client;
    private final ObjectMapper mapper;
    private final CompletableFuture<SignalingClient> ready;

    SignalingClientHandler(SignalingClient client, ObjectMapper mapper, CompletableFuture<SignalingClient> ready) {
        this.client = client;
        this.mapper = mapper;
        this.ready = ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ready.complete(client);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new IOException("WebSocket handshake timed out"));
        } else if (event instanceof IdleStateEvent) {
            ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            try (ByteBufInputStream in = new ByteBufInputStream(frame.content())) {
                client.received(mapper.readTree(in));
            } catch (JacksonException e) {
                // The server promises JSON; a broken frame is its bug, worth seeing but not worth the connection.
                LOG.warn("unparseable frame from server: {}", e.getOriginalMessage());
            } catch (IOException e) {
                ctx.fireExceptionCaught(e);
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            client.closeFrameReceived(close.statusCode(), close.reasonText());
            // Echo the server's close frame, as RFC 6455 asks, and hang up.
            ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.completeExceptionally(new IOException("connection closed during the WebSocket handshake"));
        client.connectionClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ready.completeExceptionally(cause)) {
            LOG.debug("signaling connection failed", cause);
        }
        ctx.close();
    }
}

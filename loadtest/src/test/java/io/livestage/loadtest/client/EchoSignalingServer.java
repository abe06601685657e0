package io.livestage.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in server for client tests. {@code echo} is answered with the same id, {@code fail} with an error,
 * {@code silent} not at all, {@code push} with an event and no id, {@code bye} with close status 4001.
 */
final class EchoSignalingServer implements AutoCloseable {

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    EchoSignalingServer() {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler("/ws"), new Responder());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    URI url() {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ws");
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode request = mapper.readTree(frame.text());
            ObjectNode reply = mapper.createObjectNode();
            switch (request.path("type").asText()) {
                case "echo" -> reply.put("type", "echoed").set("id", request.get("id"));
                case "fail" -> reply.put("type", "error").put("code", "forbidden").put("message", "no")
                        .set("id", request.get("id"));
                case "push" -> reply.put("type", "pushed");
                case "bye" -> {
                    ctx.writeAndFlush(new CloseWebSocketFrame(4001, "go away"))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                default -> {
                    return;
                }
            }
            ctx.writeAndFlush(new TextWebSocketFrame(mapper.writeValueAsString(reply)));
        }
    }
}

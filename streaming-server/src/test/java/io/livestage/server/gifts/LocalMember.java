package io.livestage.server.gifts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.session.Session;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A session whose connection is a pair of in-process channels on real event loops, WebSocket-encoded as on a
 * real connection: what the server writes to the session arrives, decoded, at the other end, where the test reads it (batches
 * unpacked into their events).
 */
final class LocalMember implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final Channel server;
    private final Channel client;
    private final Channel listener;
    final Session session;

    LocalMember(EventLoopGroup loops, Identity identity, MessageCodec codec, SignalingMetrics metrics) throws Exception {
        LocalAddress address = new LocalAddress("member-" + UUID.randomUUID());
        BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
        listener = new ServerBootstrap().group(loops).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        // As on a real connection: replies are encoded here, tick frames arrive encoded.
                        channel.pipeline().addLast(new WebSocket08FrameEncoder(false));
                        accepted.add(channel);
                    }
                }).bind(address).sync().channel();
        client = new Bootstrap().group(loops).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        channel.pipeline().addLast(new WebSocket08FrameDecoder(false, false, 1 << 20),
                                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame)
                                            throws Exception {
                                        JsonNode message = JSON.readTree(frame.text());
                                        if (message.path("type").asText().equals("room.events")) {
                                            message.path("events").forEach(received::add);
                                        } else {
                                            received.add(message);
                                        }
                                    }
                                });
                    }
                }).connect(address).sync().channel();
        server = accepted.poll(5, TimeUnit.SECONDS);
        session = new Session("s-" + identity.userId(), server, codec, metrics);
        session.authenticate(identity);
        session.readsBatches(true);
    }

    /** The next message of the type, skipping others; fails after 5 s. */
    JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            JsonNode message = received.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && message.path("type").asText().equals(type)) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " within 5 s");
    }

    /** Every message of the type that arrives within the wait. */
    List<JsonNode> all(String type, long waitMillis) throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            JsonNode message = received.poll(left, TimeUnit.NANOSECONDS);
            if (message != null && message.path("type").asText().equals(type)) {
                messages.add(message);
            }
        }
        return messages;
    }

    @Override
    public void close() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        listener.close().syncUninterruptibly();
    }
}

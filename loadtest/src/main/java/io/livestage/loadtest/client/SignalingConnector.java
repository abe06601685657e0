package io.livestage.loadtest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Opens {@link SignalingClient}s. Every client of one connector shares its event loop group (one thread per
 * core by default), so a single JVM can hold tens of thousands of connections. Close the connector to release
 * the threads; that also drops any connection still open.
 */
public final class SignalingConnector implements AutoCloseable {

    /** Enough for the handshake response; after the upgrade the aggregator leaves the pipeline. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 8 * 1024;
    /** Small write buffers: a client writes a few small frames, never a stream. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 32 * 1024);

    private final ClientOptions options;
    private final ClientTransport transport;
    private final EventLoopGroup group;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SslContext tls;

    public SignalingConnector(ClientOptions options) {
        this(options, Runtime.getRuntime().availableProcessors());
    }

    public SignalingConnector(ClientOptions options, int threads) {
        this.options = options;
        this.transport = ClientTransport.best();
        this.tls = clientTls(options.trustAllCertificates());
        this.group = transport.newGroup(threads);
    }

    /** "epoll" or "nio": which socket implementation the clients use. */
    public String transportName() {
        return transport.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URL and completes once the WebSocket upgrade is done.
     * Fails with the connect, TLS or handshake error otherwise.
     */
    public CompletableFuture<SignalingClient> connect(URI url, SignalingListener listener) {
        WebSocketUrl target = WebSocketUrl.of(url);
        CompletableFuture<SignalingClient> ready = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        buildPipeline(channel, target, listener, ready);
                    }
                });
        bootstrap.connect(target.host(), target.port()).addListener(connected -> {
            if (!connected.isSuccess()) {
                ready.completeExceptionally(connected.cause());
            }
        });
        return ready;
    }

    private void buildPipeline(Channel channel, WebSocketUrl target, SignalingListener listener,
                               CompletableFuture<SignalingClient> ready) {
        ChannelPipeline pipeline = channel.pipeline();
        if (target.secure()) {
            pipeline.addLast(tls.newHandler(channel.alloc(), target.host(), target.port()));
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(target.uri())
                .maxFramePayloadLength(options.maxFrameBytes())
                .handshakeTimeoutMillis(options.handshakeTimeout().toMillis())
                // We handle close frames ourselves to learn the server's close code.
                .handleCloseFrames(false)
                // Jackson refuses malformed UTF-8 when it reads the frame; Netty's validator checked
                // every byte again first, 18 % of the generator's CPU in a gift storm (profiled).
                .withUTF8Validator(false)
                .build();
        pipeline.addLast(new HttpClientCodec());
        pipeline.addLast(new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
        pipeline.addLast(new WebSocketClientProtocolHandler(config));
        pipeline.addLast(new WebSocketFrameAggregator(options.maxFrameBytes()));
        long keepAliveMillis = options.keepAliveInterval().toMillis();
        if (keepAliveMillis > 0) {
            pipeline.addLast(new IdleStateHandler(0, keepAliveMillis, 0, TimeUnit.MILLISECONDS));
        }
        SignalingClient client = new SignalingClient(channel, mapper, listener);
        pipeline.addLast(new SignalingClientHandler(client, mapper, ready));
    }

    private static SslContext clientTls(boolean trustAll) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (trustAll) {
            // Dev servers use self-signed certificates whose name rarely matches the address used.
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            builder.endpointIdentificationAlgorithm("HTTPS");
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot create the client TLS context", e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

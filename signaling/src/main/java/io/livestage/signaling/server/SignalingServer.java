package io.livestage.signaling.server;

import io.livestage.signaling.admin.AdminApi;
import io.livestage.signaling.admin.ApiRoute;
import io.livestage.signaling.admin.DevRoutes;
import io.livestage.signaling.admin.LiveRoutes;
import io.livestage.signaling.admin.ServiceKey;
import io.livestage.signaling.admin.WalletRoutes;
import io.livestage.signaling.auth.DevTokens;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.call.CallMetrics;
import io.livestage.signaling.call.Consultations;
import io.livestage.signaling.cluster.BusCodec;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.signaling.cluster.NodeControl;
import io.livestage.signaling.cluster.NodeDrain;
import io.livestage.signaling.cluster.NodeListing;
import io.livestage.signaling.auth.TokenVerifier;
import io.livestage.signaling.config.SignalingConfig;
import io.livestage.signaling.config.TlsConfig;
import io.livestage.signaling.dispatch.Dispatcher;
import io.livestage.signaling.ice.IceServers;
import io.livestage.signaling.media.MediaPlane;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.MessageLimits;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.ratelimit.ConnectionCaps;
import io.livestage.signaling.ratelimit.RequestBudget;
import io.livestage.signaling.ratelimit.TokenBucket;
import io.livestage.signaling.ratelimit.UserRateLimiter;
import io.livestage.signaling.session.Session;
import io.livestage.signaling.show.Broadcaster;
import io.livestage.signaling.show.Show;
import io.livestage.signaling.show.ShowDirectory;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP and WebSocket signaling on one port. Owns the event loops, the sessions, the live shows
 * and the paid calls of this node; {@link #close()} ends every show and call with
 * {@code server_shutdown} and closes
 * connections with 1001 before the loops stop.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SignalingServer.class);
    private static final int MAX_HTTP_BODY_BYTES = 64 * 1024;
    private static final long SHUTDOWN_NOTICE_MS = 5000;
    private static final String WEBSOCKET_PATH = "/ws";
    /** A scrape request is a request line and a few headers. */
    private static final int MAX_METRICS_REQUEST_BYTES = 8 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final SessionRegistry sessions = new SessionRegistry();
    private final NodeDrain drain = new NodeDrain();
    private final MediaPlane media;
    private final ClusterDirectory cluster;
    /** Every accepted connection while it is open (the group forgets closed ones). */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ShowDirectory shows;
    private final Consultations calls;
    private final UserRateLimiter chatLimiter;
    private final UserRateLimiter likeLimiter;
    /** Requests per user over all of the user's connections, beside each connection's own budget. */
    private final UserRateLimiter userRequests;
    private final Channel serverChannel;
    /** The {@code metrics.port} listener, or null when {@code /metrics} is on the HTTP port. */
    private final Channel metricsChannel;
    /** The {@code admin.port} listener, or null when the server API is on the HTTP port. */
    private final Channel adminChannel;
    private final AdminApi api;
    private final boolean tls;

    private SignalingServer(SignalingConfig config, SignalingDependencies parts) throws InterruptedException {
        PrometheusMeterRegistry registry = parts.registry();
        this.boss = EventLoops.group(1, "livestage-accept");
        this.workers = EventLoops.group(0, "livestage-io");
        MessageCodec codec = new MessageCodec(new MessageLimits(config.shows().maxTitleChars(), config.limits().maxChatChars()));
        // The gauges read the directory lazily, through shows(), once it exists.
        SignalingMetrics metrics = new SignalingMetrics(sessions::size, this::queuedBytes, () -> shows().size(),
                () -> shows().totalViewers());
        metrics.bindTo(registry);
        new NettyEventExecutorMetrics(workers).bindTo(registry);
        Broadcaster broadcaster = new Broadcaster(codec, metrics, config.events());
        broadcaster.eventMetrics().bindTo(registry);
        this.media = parts.media();
        this.cluster = parts.cluster();
        this.shows = new ShowDirectory(workers, config.shows(), config.room(), broadcaster, parts.media(),
                parts.gifts(), parts.moderation(), parts.webhooks(), parts.cluster(), parts.bus(), sessions::byId,
                parts.showStore(), drain::draining);
        CallMetrics callMetrics = new CallMetrics();
        callMetrics.bindTo(registry);
        this.calls = new Consultations(config.calls(), parts.callClock(), workers, parts.media(), parts.gifts(), callMetrics,
                parts.webhooks(), parts.cluster(), parts.bus(), new BusCodec(codec), sessions::byId, parts.callStore());
        this.chatLimiter = new UserRateLimiter(config.limits().chatPerSecond(), config.limits().chatBurst(), System::nanoTime);
        this.userRequests = new UserRateLimiter(config.limits().userMessagesPerSecond(), config.limits().userMessageBurst(),
                System::nanoTime);
        this.likeLimiter = new UserRateLimiter(config.room().likesPerSecond(), config.room().likeBurst(), System::nanoTime);
        ConnectionCaps caps = new ConnectionCaps(config.limits());
        ServerMessage.ClientSettings clientSettings = new ServerMessage.ClientSettings(config.devEndpoints(),
                config.client().buyCoinsUrl(), config.client().giftConfirmAbove());
        Dispatcher dispatcher = new Dispatcher(new TokenVerifier(config.auth(), Clock.systemUTC()), shows,
                chatLimiter, likeLimiter, config.limits(), new IceServers(config.iceServers(), config.turn(), Clock.systemUTC()),
                parts.media(), parts.gifts(), calls, caps, metrics, clientSettings, parts.moderation(), parts.cluster(), drain);
        // Dev tokens carry what this server's own configuration expects, so they pass its checks.
        DevTokens devTokens = config.devEndpoints() ? new DevTokens(new TokenIssuer(config.auth().secret(),
                config.auth().issuer(), config.auth().audience(), Clock.systemUTC()),
                Duration.ofMillis(config.auth().maxTokenLifetimeMs())) : null;
        this.api = new AdminApi(new ServiceKey(config.auth().serviceKey()), codec.mapper(),
                new LiveRoutes(shows, calls, this::putOut, parts.moderation(), new NodeControl() {
                    @Override
                    public Map<String, Object> drain() {
                        return SignalingServer.this.drain();
                    }

                    @Override
                    public List<NodeListing> nodes() {
                        List<NodeListing> nodes = new ArrayList<>();
                        nodes.add(listing());
                        nodes.addAll(cluster.others());
                        return nodes;
                    }
                }), new WalletRoutes(parts.gifts()),
                devTokens == null ? null : new DevRoutes(devTokens));
        parts.moderation().onPutOut(this::putOut);
        SslContext ssl = sslContext(config.tls());
        this.tls = ssl != null;
        Channel[] bound = new Channel[1];
        // HSTS only reaches browsers over HTTPS: ours, or the proxy's that terminates it in front of us.
        SecurityHeaders security = new SecurityHeaders(tls || config.tls().terminatedUpstream(),
                parts.gifts().catalog().stream().map(gift -> gift.animation().url()).toList());
        HttpResponses responses = new HttpResponses(security);
        boolean metricsApart = config.metrics().ownPort();
        boolean apiApart = config.admin().ownPort();
        ApiExchange apiExchange = new ApiExchange(api, codec.mapper(), responses);
        HttpRequestHandler http = new HttpRequestHandler(codec.mapper(), responses, metricsApart ? null : registry,
                parts.readiness(), () -> bound[0] != null && bound[0].isActive(), drain::draining, devTokens,
                config.devEndpoints() ? new WalletCredits(parts.gifts()) : null, apiApart ? null : apiExchange,
                new StaticFiles(parts.staticPrefix(), SignalingServer.class.getClassLoader()), clientSettings);
        WebSocketOrigins origins = config.ws().allowedOrigins().isEmpty() ? null
                : new WebSocketOrigins(WEBSOCKET_PATH, config.ws(), responses);
        WebSocketAdmission admission = new WebSocketAdmission(WEBSOCKET_PATH, caps, responses, metrics);
        int maxFrame = config.limits().maxFrameBytes();
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WEBSOCKET_PATH)
                .checkStartsWith(false)
                .handshakeTimeoutMillis(10_000)
                .maxFramePayloadLength(maxFrame)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFrame)
                        .closeOnProtocolViolation(true)
                        .build())
                .dropPongFrames(true)
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(EventLoops.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc()));
                        }
                        p.addLast(new HttpServerCodec());
                        p.addLast(new HttpObjectAggregator(MAX_HTTP_BODY_BYTES));
                        p.addLast(new IdleStateHandler(config.limits().idleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS));
                        RequestBudget requests = new RequestBudget(new TokenBucket(config.limits().messagesPerSecond(),
                                config.limits().messageBurst(), System.nanoTime()), userRequests);
                        p.addLast(new WebSocketPings(requests));
                        if (origins != null) {
                            p.addLast(origins);
                        }
                        p.addLast(admission);
                        p.addLast(new WebSocketServerProtocolHandler(wsConfig));
                        p.addLast(new WebSocketFrameAggregator(maxFrame));
                        p.addLast(http);
                        p.addLast(new WebSocketConnection(codec, dispatcher, metrics, config.limits(), sessions, requests));
                    }
                });
        this.serverChannel = bootstrap.bind(config.http().host(), config.http().port()).sync().channel();
        bound[0] = serverChannel;
        this.metricsChannel = metricsApart ? bindApart(config, config.metrics().port(), "metrics.port",
                MAX_METRICS_REQUEST_BYTES, new MetricsEndpoint(registry, responses)) : null;
        this.adminChannel = apiApart ? bindApart(config, config.admin().port(), "admin.port", MAX_HTTP_BODY_BYTES,
                new AdminEndpoint(apiExchange, responses)) : null;
        workers.scheduleAtFixedRate(chatLimiter::sweep, 1, 1, TimeUnit.MINUTES);
        workers.scheduleAtFixedRate(likeLimiter::sweep, 1, 1, TimeUnit.MINUTES);
        workers.scheduleAtFixedRate(userRequests::sweep, 1, 1, TimeUnit.MINUTES);
        InetSocketAddress local = (InetSocketAddress) serverChannel.localAddress();
        log.info("signaling listening on {} port {} ({}, {} transport)", local.getHostString(), local.getPort(),
                tls ? "https" : "http", EventLoops.transportName());
    }

    /** Binds the port and starts serving. */
    public static SignalingServer start(SignalingConfig config, SignalingDependencies parts) {
        try {
            return new SignalingServer(config, parts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.http(), e);
        }
    }

    /** The connections' event loops, for the operator's lag probe. */
    public EventLoopGroup loops() {
        return workers;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Where {@code /metrics} is served: {@code metrics.port}, or the HTTP port. */
    public int metricsPort() {
        return metricsChannel == null ? port() : ((InetSocketAddress) metricsChannel.localAddress()).getPort();
    }

    /**
     * Closes the user's connections on this node with 4003 and the reason ({@code banned}, else
     * {@code removed}): the server API's and other nodes' removals. How many there were.
     */
    private int putOut(String userId, String reason) {
        String typed = Session.REASON_BANNED.equals(reason) ? Session.REASON_BANNED : Session.REASON_REMOVED;
        List<Session> open = sessions.ofUser(userId);
        for (Session session : open) {
            session.eventLoop().execute(() -> session.close(Session.CLOSE_REMOVED, typed));
        }
        return open.size();
    }

    /** Where the server API is served: {@code admin.port}, or the HTTP port. */
    public int adminPort() {
        return adminChannel == null ? port() : ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** The server API's routes, for the document that describes them. */
    public List<ApiRoute> apiRoutes() {
        return api.routes();
    }

    /**
     * Plain HTTP on a port of its own ({@code metrics.port}, {@code admin.port}) for one endpoint, with the
     * same guards against slow and idle clients as the HTTP port.
     */
    private Channel bindApart(SignalingConfig config, int port, String setting, int maxRequestBytes,
                              ChannelHandler endpoint) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(EventLoops.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec(),
                                new HttpObjectAggregator(maxRequestBytes),
                                new IdleStateHandler(config.limits().idleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS),
                                endpoint);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(config.http().host(), port).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked BindException) undeclared; other ports are bound already.
            serverChannel.close().awaitUninterruptibly();
            if (metricsChannel != null) {
                metricsChannel.close().awaitUninterruptibly();
            }
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + setting + " " + port + ": " + e, e);
        }
        log.info("{} listening on {} port {} (http)", setting, config.http().host(), port);
        return channel;
    }

    public boolean tls() {
        return tls;
    }

    /** What the sockets have not taken yet, summed over every open connection. */
    private long queuedBytes() {
        long queued = 0;
        for (Channel connection : connections) {
            ChannelOutboundBuffer outbound = connection.unsafe().outboundBuffer();
            if (outbound != null) {
                queued += outbound.totalPendingWriteBytes();
            }
        }
        return queued;
    }

    private ShowDirectory shows() {
        return shows;
    }

    /** This node as the node registry tells the cluster: its state, load, live shows and available consultants. */
    public NodeListing listing() {
        return new NodeListing(cluster.nodeId(), drain.draining(), media.addresses(), sessions.size(), media.busyPercent(),
                shows.list(), calls.available());
    }

    /**
     * Drains the node: {@code /ready} answers 503 {@code draining}, no show or call starts here any
     * more, and every connection with nothing left here is told to {@code reconnect} (each as its
     * show or call ends). The shows and calls in progress go on. Idempotent.
     *
     * @return the drain's state: since when, and the shows and calls still in progress
     */
    public Map<String, Object> drain() {
        if (drain.start()) {
            log.info("draining: {} show(s) and {} call(s) go on here, no new ones start", shows.size(), calls.size());
            DrainNotices notices = new DrainNotices(sessions);
            workers.next().scheduleAtFixedRate(notices, 0, 1, TimeUnit.SECONDS);
        }
        return Map.of("draining", true, "since", drain.sinceMillis(), "shows", shows.size(), "calls", calls.size());
    }

    /** No show and no call in progress here: a draining node can stop without cutting anyone off. */
    public boolean idle() {
        return shows.size() == 0 && calls.size() == 0;
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        if (metricsChannel != null) {
            metricsChannel.close().awaitUninterruptibly();
        }
        if (adminChannel != null) {
            adminChannel.close().awaitUninterruptibly();
        }
        List<Future<Void>> ending = new ArrayList<>(shows.endAll(Show.SERVER_SHUTDOWN));
        ending.addAll(calls.endAll());
        long noticeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_NOTICE_MS);
        for (Future<Void> told : ending) {
            told.awaitUninterruptibly(Math.max(0, noticeDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (Session session : sessions.snapshot()) {
            session.close(Session.CLOSE_GOING_AWAY, "server shutting down");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_NOTICE_MS);
        while (sessions.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        log.info("signaling stopped");
    }

    private static SslContext sslContext(TlsConfig tls) {
        try {
            if (!tls.certFile().isEmpty()) {
                return SslContextBuilder.forServer(new File(tls.certFile()), new File(tls.keyFile())).build();
            }
            if (tls.selfSigned()) {
                DevCertificate certificate = DevCertificate.generate();
                log.warn("TLS uses a self-signed dev certificate for {}; browsers will ask to accept it", certificate.names());
                return SslContextBuilder.forServer(certificate.keyPair().getPrivate(), certificate.certificate()).build();
            }
            return null;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}

package io.livestage.server;

import io.livestage.gifts.Animation;
import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftSettings;
import io.livestage.server.cluster.NodeRegistry;
import io.livestage.server.cluster.RedisCallStore;
import io.livestage.server.cluster.RedisClusterBus;
import io.livestage.server.cluster.RedisShowStore;
import io.livestage.server.config.GiftsConfig;
import io.livestage.server.gifts.SignalingGifts;
import io.livestage.signaling.server.SignalingDependencies;
import io.livestage.server.config.LiveStageConfig;
import io.livestage.server.config.MediaConfig;
import io.livestage.server.media.SignalingMedia;
import io.livestage.server.moderation.RedisModerationStore;
import io.livestage.server.redis.RedisCommandLink;
import io.livestage.signaling.cluster.ClusterDirectory;
import io.livestage.server.webhooks.DeliverySettings;
import io.livestage.server.webhooks.Webhooks;
import io.livestage.signaling.gifts.OutboxGiftBridge;
import io.livestage.signaling.moderation.OutboxModerationStore;
import io.livestage.signaling.webhooks.WebhookOutbox;
import io.livestage.signaling.moderation.ModerationStore;
import io.livestage.sfu.Sfu;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.net.LocalAddresses;
import io.livestage.server.metrics.DependencyHealth;
import io.livestage.server.metrics.EventLoopLag;
import io.livestage.server.metrics.ProcessMemoryMetrics;
import io.livestage.signaling.admin.ApiRoute;
import io.livestage.signaling.server.ReadinessCheck;
import io.livestage.signaling.server.SignalingServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.time.Clock;
import java.time.Duration;

/** The whole server of one node, wired from configuration: signaling, metrics, readiness. */
public final class LiveStageServer implements AutoCloseable {
    /** Classpath folder of the web client's files. */
    static final String WEB_ROOT = "web";
    private static final long DRAIN_POLL_MS = 200;

    private final LiveStageConfig config;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final GiftBridge gifts;
    private final ModerationStore moderation;
    /** Null without webhook endpoints. */
    private final Webhooks webhooks;
    private final Sfu sfu;
    private final SignalingServer signaling;
    private final EventLoopLag eventLoopLag;
    private final DependencyHealth dependencies;
    /** This node's name and every other node's shows and consultants (none on a single node). */
    private final ClusterDirectory cluster;
    /** Null unless {@code cluster.enabled}. */
    private final NodeRegistry nodes;
    private final RedisCommandLink clusterRedis;
    /** Null unless {@code cluster.enabled}. */
    private final RedisClusterBus bus;
    private final RedisCallStore callStore;
    private final RedisShowStore showStore;
    /** How long a closing node waits for its show and call records to be removed from Redis. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(1);

    private LiveStageServer(LiveStageConfig config, CallClock callClock) {
        this.config = config;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new ProcessMemoryMetrics().bindTo(registry);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        List<ReadinessCheck> readiness = new ArrayList<>();
        this.gifts = giftBridge(config, registry);
        if (config.redis().configured()) {
            readiness.add(check("redis", gifts::healthy));
        }
        Duration commandTimeout = Duration.ofMillis(config.gifts().commandTimeoutMs());
        this.webhooks = config.webhooks().enabled()
                ? new Webhooks(config.webhooks(), Webhooks.store(config.webhooks(), config.redis(),
                        config.gifts().keyPrefix(), commandTimeout, Clock.systemUTC()), DeliverySettings.DEFAULT,
                        Clock.systemUTC(), registry)
                : null;
        WebhookOutbox outbox = webhooks == null ? WebhookOutbox.NONE : webhooks;
        // Every ban goes through this store (room.moderate and the server API), so wrapping it reports them all.
        this.moderation = new OutboxModerationStore(config.redis().configured()
                ? new RedisModerationStore(RedisCommandLink.open(config.redis(), RedisModerationStore.CLIENT_NAME,
                        commandTimeout), config.gifts().keyPrefix())
                : ModerationStore.inMemory(), outbox);
        this.sfu = Sfu.start(sfuSettings(config.media()), registry);
        this.cluster = new ClusterDirectory(config.cluster().nodeId().isEmpty() ? generatedNodeId() : config.cluster().nodeId());
        this.clusterRedis = config.cluster().enabled()
                ? RedisCommandLink.open(config.redis(), "livestage-cluster", commandTimeout) : null;
        this.bus = config.cluster().enabled()
                ? new RedisClusterBus(clusterRedis, config.gifts().keyPrefix(), cluster.nodeId(),
                        config.cluster().secret(), commandTimeout, registry)
                : null;
        this.callStore = clusterRedis == null ? null : new RedisCallStore(clusterRedis, config.gifts().keyPrefix());
        this.showStore = clusterRedis == null ? null : new RedisShowStore(clusterRedis, config.gifts().keyPrefix());
        readiness.add(check("media", () -> CompletableFuture.completedFuture(sfu.bound())));
        this.signaling = SignalingServer.start(config.signaling(),
                new SignalingDependencies(registry, readiness, WEB_ROOT, new SignalingMedia(sfu),
                        new OutboxGiftBridge(new SignalingGifts(gifts), outbox), callClock, moderation, outbox,
                        cluster, bus,
                        callStore, showStore));
        if (bus != null) {
            bus.start();
        }
        this.nodes = config.cluster().enabled() ? startRegistry(config) : null;
        this.eventLoopLag = EventLoopLag.start(registry, List.of(new EventLoopLag.Group("signaling", signaling.loops()),
                new EventLoopLag.Group("media", sfu.loops())));
        this.dependencies = DependencyHealth.start(registry, readiness, signaling.loops().next());
    }

    /** Registers this node in the cluster's registry; its link to Redis is closed with it. */
    private NodeRegistry startRegistry(LiveStageConfig config) {
        return new NodeRegistry(clusterRedis, config.gifts().keyPrefix(), cluster.nodeId(),
                Duration.ofMillis(config.cluster().heartbeatMs()), Duration.ofMillis(config.cluster().expiryMs()),
                signaling::listing, cluster).start();
    }

    /** The host's name and a random suffix: unique without configuration, recognisable in the registry. */
    private static String generatedNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            host = "node";
        }
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 30, 1L << 35), 36);
        return (host.length() > 48 ? host.substring(0, 48) : host) + "-" + suffix;
    }

    /**
     * Redis-backed when {@code redis.uri} is set (several nodes share gifts and wallets), on a Redis Cluster with
     * {@code redis.cluster}, else in memory.
     */
    private static GiftBridge giftBridge(LiveStageConfig config, PrometheusMeterRegistry registry) {
        GiftsConfig settings = config.gifts();
        GiftCatalog catalog = new GiftCatalog(settings.catalog().stream()
                .map(e -> new GiftDefinition(e.giftId(), e.name(), e.price(),
                        new Animation(e.animation().url(), e.animation().durationMs(), e.animation().tier())))
                .toList());
        GiftSettings rules = new GiftSettings(settings.comboWindowMs(), settings.maxCount(),
                Duration.ofMillis(settings.commandTimeoutMs()));
        if (!config.redis().configured()) {
            return GiftBridge.inMemory(catalog, rules, registry);
        }
        return config.redis().cluster()
                ? GiftBridge.redisCluster(config.redis().uri(), settings.keyPrefix(), catalog, rules, registry)
                : GiftBridge.redis(config.redis().uri(), settings.keyPrefix(), catalog, rules, registry);
    }

    /** Announces the configured addresses, else the bind address, else every IPv4 address of this machine. */
    static Sfu.SfuSettings sfuSettings(MediaConfig media) {
        List<String> announced = media.announcedAddresses();
        if (announced.isEmpty()) {
            boolean wildcard = media.bindAddress().equals("0.0.0.0");
            announced = wildcard ? LocalAddresses.ipv4() : List.of(media.bindAddress());
        }
        return new Sfu.SfuSettings(media.udpPort(), media.bindAddress(), announced,
                Duration.ofMillis(media.consentTimeoutMs()), Duration.ofMillis(media.dtlsHandshakeTimeoutMs()),
                media.maxPublishKbps(), Duration.ofMillis(media.dtlsFirstFlightTimeoutMs()),
                media.maxSubscriptionsPerUser(), media.maxConcurrentHandshakes());
    }

    private static ReadinessCheck check(String name, Supplier<CompletionStage<Boolean>> probe) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<Boolean> check() {
                return probe.get();
            }
        };
    }

    public static LiveStageServer start(LiveStageConfig config) {
        return new LiveStageServer(config, CallClock.system());
    }

    /** With the clock paid calls are timed and billed by: tests and simulations pass a manual one. */
    public static LiveStageServer start(LiveStageConfig config, CallClock callClock) {
        return new LiveStageServer(config, callClock);
    }

    public int httpPort() {
        return signaling.port();
    }

    /** Where Prometheus scrapes {@code /metrics}: {@code metrics.port}, or the HTTP port. */
    public int metricsPort() {
        return signaling.metricsPort();
    }

    /** Where the server API is served: {@code admin.port}, or the HTTP port. */
    public int adminPort() {
        return signaling.adminPort();
    }

    /** The server API's routes (method and path template), for the document that describes them. */
    public List<ApiRoute> apiRoutes() {
        return signaling.apiRoutes();
    }

    /** The media plane, for tests and tools that need its figures. */
    public Sfu sfu() {
        return sfu;
    }

    public boolean tls() {
        return signaling.tls();
    }

    public LiveStageConfig config() {
        return config;
    }

    /**
     * Drains this node (no new shows or calls, {@code /ready} 503 {@code draining}, connections with
     * nothing left here told to reconnect); idempotent. The registry says so at its next heartbeat.
     */
    public Map<String, Object> drain() {
        return signaling.drain();
    }

    /**
     * Drains, waits until the last show and call here have ended or {@code limit} has passed, then
     * closes (ending whatever is still in progress, as {@link #close} does).
     */
    public void closeAfterDrain(Duration limit) {
        drain();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!signaling.idle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(DRAIN_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** This node's name: in the cluster's registry with {@code cluster.enabled}, and in {@code GET /api/nodes}. */
    public String nodeId() {
        return cluster.nodeId();
    }

    @Override
    public void close() {
        dependencies.close();
        eventLoopLag.close();
        if (nodes != null) {
            // First, so the other nodes stop listing our shows before they end.
            nodes.close();
        }
        signaling.close();
        if (bus != null) {
            // After signaling: the ends of the shows hosted here reach their members on other nodes.
            bus.close();
            // The records of the shows and calls that just ended go before the link does.
            showStore.awaitWrites(STORE_WAIT);
            callStore.awaitWrites(STORE_WAIT);
            clusterRedis.close();
        }
        // After signaling: the shows and calls the shutdown ended are reported before the outbox closes.
        if (webhooks != null) {
            webhooks.close();
        }
        sfu.close();
        gifts.close();
        moderation.close();
        gcMetrics.close();
        registry.close();
    }
}

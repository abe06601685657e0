package io.livestage.server;

import io.livestage.gifts.redis.RedisProbe;
import io.livestage.server.config.LiveStageConfig;
import io.livestage.server.config.MediaConfig;
import io.livestage.sfu.Sfu;
import io.livestage.signaling.net.LocalAddresses;
import io.livestage.server.metrics.ProcessMemoryMetrics;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.time.Duration;

/** The whole server of one node, wired from configuration: signaling, metrics, readiness. */
public final class LiveStageServer implements AutoCloseable {
    /** Classpath folder of the web client's files. */
    static final String WEB_ROOT = "web";

    private final LiveStageConfig config;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final RedisProbe redis;
    private final Sfu sfu;
    private final SignalingServer signaling;

    private LiveStageServer(LiveStageConfig config) {
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
        this.redis = config.redis().configured() ? new RedisProbe(config.redis().uri()) : null;
        if (redis != null) {
            readiness.add(check("redis", redis::ping));
        }
        this.sfu = Sfu.start(sfuSettings(config.media()), registry);
        readiness.add(check("media", () -> CompletableFuture.completedFuture(sfu.bound())));
        this.signaling = SignalingServer.start(config.signaling(), registry, readiness, WEB_ROOT, sfu);
    }

    /** Announces the configured addresses, else the bind address, else every IPv4 address of this machine. */
    static Sfu.SfuSettings sfuSettings(MediaConfig media) {
        List<String> announced = media.announcedAddresses();
        if (announced.isEmpty()) {
            boolean wildcard = media.bindAddress().equals("0.0.0.0");
            announced = wildcard ? LocalAddresses.ipv4() : List.of(media.bindAddress());
        }
        return new Sfu.SfuSettings(media.udpPort(), media.bindAddress(), announced,
                Duration.ofMillis(media.consentTimeoutMs()), Duration.ofMillis(media.dtlsHandshakeTimeoutMs()));
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
        return new LiveStageServer(config);
    }

    public int httpPort() {
        return signaling.port();
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

    @Override
    public void close() {
        signaling.close();
        sfu.close();
        if (redis != null) {
            redis.close();
        }
        gcMetrics.close();
        registry.close();
    }
}

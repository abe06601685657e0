package io.livestage.server;

import io.livestage.gifts.redis.RedisProbe;
import io.livestage.server.config.LiveStageConfig;
import io.livestage.server.metrics.ProcessMemoryMetrics;
import io.livestage.signaling.server.ReadinessCheck;
import io.livestage.signaling.server.SignalingServer;
import io.livestage.signaling.media.UnavailableMediaPlane;
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
import java.util.concurrent.CompletionStage;

/** The whole server of one node, wired from configuration: signaling, metrics, readiness. */
public final class LiveStageServer implements AutoCloseable {
    /** Classpath folder of the web client's files. */
    static final String WEB_ROOT = "web";

    private final LiveStageConfig config;
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final RedisProbe redis;
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
            readiness.add(new ReadinessCheck() {
                @Override
                public String name() {
                    return "redis";
                }

                @Override
                public CompletionStage<Boolean> check() {
                    return redis.ping();
                }
            });
        }
        this.signaling = SignalingServer.start(config.signaling(), registry, readiness, WEB_ROOT, new UnavailableMediaPlane());
    }

    public static LiveStageServer start(LiveStageConfig config) {
        return new LiveStageServer(config);
    }

    public int httpPort() {
        return signaling.port();
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
        if (redis != null) {
            redis.close();
        }
        gcMetrics.close();
        registry.close();
    }
}

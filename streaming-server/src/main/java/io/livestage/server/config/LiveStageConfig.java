package io.livestage.server.config;

import io.livestage.signaling.config.AdminConfig;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.config.ClientConfig;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.HttpConfig;
import io.livestage.signaling.config.IceServerConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.config.MetricsConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.config.SignalingConfig;
import io.livestage.signaling.config.TlsConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.config.WsConfig;
import java.util.List;

/**
 * The whole server's configuration, immutable, as loaded by {@link ConfigLoader}. A production
 * environment refuses dev mode, the dev secret and the example's placeholder secret, wallets in
 * memory (no Redis), and plain HTTP unless a proxy terminates TLS; outside dev mode a cluster refuses
 * the dev cluster secret.
 */
public record LiveStageConfig(String environment, boolean devMode, HttpConfig http, TlsConfig tls, AuthConfig auth,
                              LimitsConfig limits, ShowsConfig shows, CallsConfig calls, List<IceServerConfig> iceServers,
                              MetricsConfig metrics, WsConfig ws, MediaConfig media, GiftsConfig gifts, RedisConfig redis,
                              LoggingConfig logging, TurnConfig turn, RoomConfig room, ClientConfig client,
                              AdminConfig admin, WebhooksConfig webhooks, EventsConfig events,
                              ClusterConfig cluster, ShutdownConfig shutdown) {
    public static final String DEV = "dev";
    public static final String PRODUCTION = "production";

    public LiveStageConfig {
        if (!DEV.equals(environment) && !PRODUCTION.equals(environment)) {
            throw new IllegalArgumentException("environment must be 'dev' or 'production', was '" + environment + "'");
        }
        if (http == null || tls == null || auth == null || limits == null || shows == null || calls == null || metrics == null
                || ws == null || media == null || gifts == null || redis == null || logging == null || admin == null) {
            throw new IllegalArgumentException("http, tls, auth, limits, shows, calls, metrics, ws, media, gifts, redis,"
                    + " logging and admin must all be configured");
        }
        iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
        if (shutdown == null) {
            throw new IllegalArgumentException("shutdown must be configured (drainSeconds: 0 stops at once)");
        }
        if (cluster == null) {
            throw new IllegalArgumentException("cluster must be configured (enabled: false for a single node)");
        }
        if (cluster.enabled() && !redis.configured()) {
            throw new IllegalArgumentException("cluster.enabled needs redis.uri: the node registry lives in Redis");
        }
        if (redis.cluster() && !RedisConfig.hasHashTag(gifts.keyPrefix())) {
            // Scripts and multi-key commands (a gift's two wallets, the registry's MGET) need their keys in one slot.
            throw new IllegalArgumentException("redis.cluster needs a hash tag in gifts.keyPrefix, such as {livestage}"
                    + " (LIVESTAGE_GIFTS_KEY_PREFIX), so the keys a script touches share one slot; got '"
                    + gifts.keyPrefix() + "'");
        }
        if (webhooks == null) {
            throw new IllegalArgumentException("webhooks must be configured (an empty endpoints list turns them off)");
        }
        // Signaling's own rules (such as no self-signed certificate outside dev mode) apply at load time.
        new SignalingConfig(devMode, http, tls, auth, limits, shows, calls, iceServers, metrics, ws, turn, room, client, admin,
                events);
        if (!devMode && auth.isDevSecret()) {
            throw new IllegalArgumentException("auth.secret is the public dev secret; set LIVESTAGE_AUTH_SECRET");
        }
        if (!devMode && cluster.enabled() && cluster.isDevSecret()) {
            // Anyone who can write to Redis could speak for a node: join, subscribe, pull a show's media.
            throw new IllegalArgumentException("cluster.secret is the public dev secret, and it signs what nodes tell"
                    + " each other; set LIVESTAGE_CLUSTER_SECRET (or LIVESTAGE_CLUSTER_SECRET_FILE), the same on every node");
        }
        if (!devMode && auth.isDevServiceKey()) {
            // Anyone could call the server API (ban users, refund gifts, erase data) with the published key.
            throw new IllegalArgumentException("auth.serviceKey is the public dev key, and it opens the server API;"
                    + " set LIVESTAGE_AUTH_SERVICE_KEY (or LIVESTAGE_AUTH_SERVICE_KEY_FILE)");
        }
        if (PRODUCTION.equals(environment)) {
            if (calls.minuteMs() != 60_000) {
                throw new IllegalArgumentException("production bills 60-second minutes: calls.minuteMs is for tests and simulations");
            }
            if (devMode) {
                throw new IllegalArgumentException("production refuses dev mode: set devMode: false");
            }
            if (auth.secret().startsWith("CHANGE-ME")) {
                throw new IllegalArgumentException("auth.secret is still the example's placeholder; set LIVESTAGE_AUTH_SECRET");
            }
            if (auth.serviceKey().startsWith("CHANGE-ME")) {
                throw new IllegalArgumentException("auth.serviceKey is still the example's placeholder; set LIVESTAGE_AUTH_SERVICE_KEY");
            }
            if (!redis.configured()) {
                throw new IllegalArgumentException("production needs redis.uri: without it wallets, the ledger and gifts"
                        + " live in one process's memory and are lost with it");
            }
            if (!tls.enabled() && !tls.terminatedUpstream()) {
                throw new IllegalArgumentException("production refuses plain HTTP: set tls.certFile and tls.keyFile, or"
                        + " tls.terminatedUpstream: true when a proxy in front terminates TLS");
            }
        }
    }

    public SignalingConfig signaling() {
        return new SignalingConfig(devMode, http, tls, auth, limits, shows, calls, iceServers, metrics, ws, turn, room, client,
                admin, events);
    }
}

package io.livestage.signaling.server;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.config.HttpConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.config.MetricsConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.config.SignalingConfig;
import io.livestage.signaling.config.TlsConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.config.WsConfig;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A real signaling server on a free loopback port, with short timers for tests. */
final class TestServer implements AutoCloseable {
    static final String SECRET = "a-test-secret-of-more-than-thirty-two-bytes";

    final SignalingServer server;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TokenIssuer issuer = new TokenIssuer(SECRET, Clock.systemUTC());

    private TestServer(SignalingConfig config) {
        this.server = SignalingServer.start(config,
                new SignalingDependencies(registry, List.of(), "test-web", new UnavailableMediaPlane(), new NoGifts(),
                        CallClock.system()));
    }

    static TestServer start() {
        return start(limits(), shows(30_000));
    }

    static TestServer start(LimitsConfig limits, ShowsConfig shows) {
        return new TestServer(new SignalingConfig(true, new HttpConfig("127.0.0.1", 0), new TlsConfig("", "", false, false),
                new AuthConfig(SECRET, "a-test-service-key-for-credits"), limits, shows,
                new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), List.of(), new MetricsConfig(0),
                new WsConfig(List.of()), TurnConfig.none()));
    }

    static LimitsConfig limits() {
        return new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8);
    }

    static ShowsConfig shows(long hostGraceMs) {
        return new ShowsConfig(hostGraceMs, 100, 100, 100);
    }

    int port() {
        return server.port();
    }

    String token(String userId, Role... roles) {
        return issuer.issue(new Identity(userId, "Name " + userId, Set.of(roles), true, null), Duration.ofMinutes(5));
    }

    WsClient connect() {
        return WsClient.connect(port());
    }

    /** A connected client already past {@code auth}. */
    WsClient user(String userId, Role... roles) {
        WsClient client = connect();
        client.send("{\"type\":\"auth\",\"id\":\"auth\",\"token\":\"" + token(userId, roles) + "\"}");
        client.expect("welcome");
        return client;
    }

    @Override
    public void close() {
        server.close();
    }
}

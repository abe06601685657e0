package io.livestage.signaling.server;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import io.livestage.signaling.call.CallClock;
import io.livestage.signaling.config.AuthConfig;
import io.livestage.signaling.config.CallsConfig;
import io.livestage.signaling.config.ClientConfig;
import io.livestage.signaling.config.RoomConfig;
import io.livestage.signaling.config.HttpConfig;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.config.MetricsConfig;
import io.livestage.signaling.config.ShowsConfig;
import io.livestage.signaling.config.SignalingConfig;
import io.livestage.signaling.config.TlsConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.config.WsConfig;
import io.livestage.signaling.media.UnavailableMediaPlane;
import io.livestage.signaling.moderation.InMemoryModerationStore;
import io.livestage.signaling.moderation.ModerationStore;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/** A real signaling server on a free loopback port, with short timers for tests. */
final class TestServer implements AutoCloseable {
    static final String SECRET = "a-test-secret-of-more-than-thirty-two-bytes";
    /** Not the dev defaults' values, so tests show the server checks what it is configured with. */
    static final String ISSUER = "https://platform.test";
    static final String AUDIENCE = "livestage-test";

    final SignalingServer server;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TokenIssuer issuer = new TokenIssuer(SECRET, ISSUER, AUDIENCE, Clock.systemUTC());

    /** Bans and reports of this server, for tests to look at. */
    final InMemoryModerationStore moderation = ModerationStore.inMemory();

    private TestServer(SignalingConfig config) {
        this.server = SignalingServer.start(config,
                new SignalingDependencies(registry, List.of(), "test-web", new UnavailableMediaPlane(), new NoGifts(),
                        CallClock.system(), moderation));
    }

    /** The defaults with these room settings. */
    static TestServer start(RoomConfig room) {
        return new TestServer(new SignalingConfig(true, new HttpConfig("127.0.0.1", 0), new TlsConfig("", "", false, false),
                auth(Duration.ofHours(12), Duration.ofSeconds(30)), limits(), shows(30_000),
                new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), List.of(), new MetricsConfig(0),
                new WsConfig(List.of()), TurnConfig.none(), room, new ClientConfig("https://shop.test/coins", 250), null));
    }

    static TestServer start() {
        return start(limits(), shows(30_000));
    }

    static TestServer start(LimitsConfig limits, ShowsConfig shows) {
        return start(limits, shows, auth(Duration.ofHours(12), Duration.ofSeconds(30)));
    }

    static TestServer start(LimitsConfig limits, ShowsConfig shows, AuthConfig auth) {
        return new TestServer(new SignalingConfig(true, new HttpConfig("127.0.0.1", 0), new TlsConfig("", "", false, false),
                auth, limits, shows, new CallsConfig(60_000, 30_000, 30_000, 1, 1000, 10), List.of(), new MetricsConfig(0),
                new WsConfig(List.of()), TurnConfig.none()));
    }

    static AuthConfig auth(Duration maxTokenLifetime, Duration clockSkew) {
        return new AuthConfig(SECRET, "a-test-service-key-for-credits", ISSUER, AUDIENCE, maxTokenLifetime.toMillis(),
                clockSkew.toMillis());
    }

    /** The defaults of config/livestage.yaml. */
    static LimitsConfig limits() {
        return timeouts(5000, 60_000);
    }

    /** The defaults with these auth and idle timeouts. */
    static LimitsConfig timeouts(long authTimeoutMs, long idleTimeoutMs) {
        return new LimitsConfig(65536, authTimeoutMs, idleTimeoutMs, 500, 2, 5, 50, 100, 8, 100, 200,
                50_000, 256, List.of("127.0.0.1", "::1"), 10);
    }

    /**
     * The defaults with these connection caps; the per-address cap applies to loopback too unless
     * {@code exempt} lists it.
     */
    static LimitsConfig caps(int maxConnections, int maxPerIp, List<String> exempt, int maxPerUser) {
        return new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, 50, 100, 8, 100, 200,
                maxConnections, maxPerIp, exempt, maxPerUser);
    }

    /** The defaults with this request budget per connection and per user. */
    static LimitsConfig budgets(double perConnectionPerSecond, int connectionBurst, double perUserPerSecond, int userBurst) {
        return new LimitsConfig(65536, 5000, 60_000, 500, 2, 5, perConnectionPerSecond, connectionBurst, 8,
                perUserPerSecond, userBurst, 50_000, 256, List.of("127.0.0.1", "::1"), 10);
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

    /** A token as the configured platform signs it. */
    String token(Identity identity, Duration lifetime) {
        return issuer.issue(identity, lifetime);
    }

    /**
     * The value of a counter or gauge in this server's registry with these tags (key, value, …),
     * summed over the others; 0 when absent.
     */
    double meter(String name, String... tags) {
        return registry.find(name).tags(tags).meters().stream()
                .flatMap(meter -> StreamSupport.stream(meter.measure().spliterator(), false))
                .mapToDouble(Measurement::getValue).sum();
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
        moderation.close();
    }
}

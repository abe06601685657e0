package io.livestage.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.config.AuthConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String STRONG_SECRET = "a-production-secret-of-at-least-32-bytes!";
    private static final String STRONG_SERVICE_KEY = "a-production-service-key";
    private static final Path PRODUCTION_EXAMPLE = Path.of("../config/production.example.yaml");

    @TempDir
    Path dir;

    @Test
    void builtInDefaultsAreDevMode() {
        LiveStageConfig config = ConfigLoader.load(null, Map.of());
        assertEquals("dev", config.environment());
        assertTrue(config.devMode());
        assertEquals(8080, config.http().port());
        assertEquals(65536, config.limits().maxFrameBytes());
        assertEquals(5000, config.limits().authTimeoutMs());
        assertEquals(30_000, config.shows().hostGraceMs());
        assertTrue(config.auth().isDevSecret());
        assertFalse(config.redis().configured());
        assertFalse(config.tls().enabled());
    }

    @Test
    void builtInDefaultsMatchTheDevTokensAndCapConnections() {
        LiveStageConfig config = ConfigLoader.load(null, Map.of());
        assertEquals(AuthConfig.DEV_ISSUER, config.auth().issuer(), "what POST /dev/token and the load generator sign");
        assertEquals(AuthConfig.DEV_AUDIENCE, config.auth().audience());
        assertEquals(12 * 3600 * 1000L, config.auth().maxTokenLifetimeMs());
        assertEquals(30_000, config.auth().clockSkewMs());
        assertEquals(50_000, config.limits().maxConnections());
        assertEquals(256, config.limits().maxConnectionsPerIp());
        assertEquals(List.of("127.0.0.1", "::1"), config.limits().perIpExemptAddresses());
        assertEquals(10, config.limits().maxConnectionsPerUser());
        assertEquals(100, config.limits().userMessagesPerSecond());
        assertEquals(200, config.limits().userMessageBurst());
    }

    @Test
    void tokenAndConnectionSettingsComeFromTheEnvironmentAndAreChecked() {
        LiveStageConfig config = ConfigLoader.load(null, Map.of("LIVESTAGE_AUTH_ISSUER", "https://platform.example.com",
                "LIVESTAGE_AUTH_AUDIENCE", "live", "LIVESTAGE_AUTH_MAX_TOKEN_LIFETIME_MS", "900000",
                "LIVESTAGE_LIMITS_PER_IP_EXEMPT_ADDRESSES", "[\"10.0.0.5\"]", "LIVESTAGE_LIMITS_MAX_CONNECTIONS_PER_USER", "3"));
        assertEquals("https://platform.example.com", config.auth().issuer());
        assertEquals("live", config.auth().audience());
        assertEquals(900_000, config.auth().maxTokenLifetimeMs());
        assertEquals(List.of("10.0.0.5"), config.limits().perIpExemptAddresses());
        assertEquals(3, config.limits().maxConnectionsPerUser());
        assertMessage("auth.issuer must be set", Map.of("LIVESTAGE_AUTH_ISSUER", " "));
        assertMessage("auth.audience must be set", Map.of("LIVESTAGE_AUTH_AUDIENCE", ""));
        assertMessage("auth.maxTokenLifetimeMs", Map.of("LIVESTAGE_AUTH_MAX_TOKEN_LIFETIME_MS", "0"));
        assertMessage("limits.maxConnectionsPerIp", Map.of("LIVESTAGE_LIMITS_MAX_CONNECTIONS_PER_IP", "0"));
        assertMessage("not an IP address", Map.of("LIVESTAGE_LIMITS_PER_IP_EXEMPT_ADDRESSES", "[\"proxy.internal\"]"));
    }

    @Test
    void environmentVariablesOverrideEveryKind() {
        LiveStageConfig config = ConfigLoader.load(null, Map.of(
                "LIVESTAGE_HTTP_PORT", "9090",
                "LIVESTAGE_LIMITS_MAX_FRAME_BYTES", "4096",
                "LIVESTAGE_LIMITS_CHAT_PER_SECOND", "0.5",
                "LIVESTAGE_TLS_SELF_SIGNED", "true",
                "LIVESTAGE_ICE_SERVERS", "[{\"urls\":[\"stun:stun.example.org:3478\"]}]",
                "LIVESTAGE_REDIS_URI", "redis://127.0.0.1:6379/1",
                "PATH", "/usr/bin"));
        assertEquals(9090, config.http().port());
        assertEquals(4096, config.limits().maxFrameBytes());
        assertEquals(0.5, config.limits().chatPerSecond());
        assertTrue(config.tls().selfSigned());
        assertEquals("stun:stun.example.org:3478", config.iceServers().get(0).urls().get(0));
        assertTrue(config.redis().configured());
    }

    @Test
    void redisClusterNeedsANodeAndAHashTaggedPrefix() {
        LiveStageConfig config = ConfigLoader.load(null, Map.of("LIVESTAGE_REDIS_URI", "redis://10.0.0.5:7000",
                "LIVESTAGE_REDIS_CLUSTER", "true", "LIVESTAGE_GIFTS_KEY_PREFIX", "{livestage}"));
        assertTrue(config.redis().cluster());
        assertFalse(ConfigLoader.load(null, Map.of()).redis().cluster(), "standalone unless asked");
        assertMessage("redis.cluster needs a hash tag in gifts.keyPrefix, such as {livestage}",
                Map.of("LIVESTAGE_REDIS_URI", "redis://10.0.0.5:7000", "LIVESTAGE_REDIS_CLUSTER", "true"));
        assertMessage("redis.cluster needs a hash tag", Map.of("LIVESTAGE_REDIS_URI", "redis://10.0.0.5:7000",
                "LIVESTAGE_REDIS_CLUSTER", "true", "LIVESTAGE_GIFTS_KEY_PREFIX", "live{}stage"));
        assertMessage("redis.cluster needs redis.uri", Map.of("LIVESTAGE_REDIS_CLUSTER", "true",
                "LIVESTAGE_GIFTS_KEY_PREFIX", "{livestage}"));
    }

    @Test
    void variableNamesFollowTheKeys() {
        assertEquals("LIVESTAGE_LIMITS_MAX_FRAME_BYTES", ConfigLoader.variableName("limits.maxFrameBytes"));
        assertEquals("LIVESTAGE_DEV_MODE", ConfigLoader.variableName("devMode"));
        assertEquals("LIVESTAGE_SHOWS_HOST_GRACE_MS", ConfigLoader.variableName("shows.hostGraceMs"));
    }

    @Test
    void mistakesAreNamed() {
        assertMessage("unknown setting LIVESTAGE_HTTP_PROT", Map.of("LIVESTAGE_HTTP_PROT", "1"));
        assertMessage("LIVESTAGE_HTTP_PORT must be a number", Map.of("LIVESTAGE_HTTP_PORT", "eighty"));
        assertMessage("LIVESTAGE_DEV_MODE must be true or false", Map.of("LIVESTAGE_DEV_MODE", "yes"));
        assertMessage("http.port must be between 0 and 65535", Map.of("LIVESTAGE_HTTP_PORT", "70000"));
        assertMessage("auth.secret must be at least 32 bytes", Map.of("LIVESTAGE_AUTH_SECRET", "short"));
        assertMessage("invalid configuration", Map.of("LIVESTAGE_LIMITS_MAX_FRAME_BYTES", "4096.5"));
        assertMessage("redis.uri must start with redis://", Map.of("LIVESTAGE_REDIS_URI", "localhost:6379"));
    }

    @Test
    void unknownKeysInAFileAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.yaml"), "http:\n  prot: 80\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertTrue(e.getMessage().contains("'http.prot'"), e.getMessage());
    }

    @Test
    void aFileLayersOverTheDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("partial.yaml"), "shows:\n  hostGraceMs: 5000\n");
        LiveStageConfig config = ConfigLoader.load(file, Map.of("LIVESTAGE_SHOWS_MAX_TITLE_CHARS", "50"));
        assertEquals(5000, config.shows().hostGraceMs());
        assertEquals(50, config.shows().maxTitleChars());
        assertEquals(1000, config.shows().viewerUpdateMs());
    }

    @Test
    void productionRefusesDevModeAndDevOrPlaceholderSecrets() {
        assertMessage("placeholder", PRODUCTION_EXAMPLE, Map.of());
        assertMessage("production refuses dev mode", PRODUCTION_EXAMPLE,
                Map.of("LIVESTAGE_DEV_MODE", "true", "LIVESTAGE_AUTH_SECRET", STRONG_SECRET,
                        "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY));
        assertMessage("auth.serviceKey is still the example's placeholder", PRODUCTION_EXAMPLE,
                Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET));
        assertMessage("auth.serviceKey is the public dev key", null, Map.of("LIVESTAGE_DEV_MODE", "false",
                "LIVESTAGE_AUTH_SECRET", STRONG_SECRET));
        assertMessage("public dev secret", PRODUCTION_EXAMPLE,
                Map.of("LIVESTAGE_AUTH_SECRET", "livestage-dev-secret-do-not-use-in-production",
                        "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY));
        assertMessage("public dev secret", null, Map.of("LIVESTAGE_DEV_MODE", "false"));
        assertMessage("tls.selfSigned is for dev mode only", null, Map.of("LIVESTAGE_DEV_MODE", "false",
                "LIVESTAGE_AUTH_SECRET", STRONG_SECRET, "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY,
                "LIVESTAGE_TLS_SELF_SIGNED", "true"));
        assertMessage("production bills 60-second minutes", PRODUCTION_EXAMPLE, Map.of("LIVESTAGE_AUTH_SECRET",
                STRONG_SECRET, "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY, "LIVESTAGE_CALLS_MINUTE_MS", "1000"));
        assertMessage("calls.defaultRate", null, Map.of("LIVESTAGE_CALLS_DEFAULT_RATE", "0"));
    }

    @Test
    void aClusterOutsideDevModeNeedsASecretOfItsOwnForItsBus() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET,
                "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY, "LIVESTAGE_CLUSTER_ENABLED", "true"));
        assertMessage("cluster.secret is the public dev secret", PRODUCTION_EXAMPLE, env);
        env.put("LIVESTAGE_CLUSTER_SECRET", "too-short");
        assertMessage("cluster.secret must be at least 32 characters", PRODUCTION_EXAMPLE, env);
        env.put("LIVESTAGE_CLUSTER_SECRET", "a-cluster-secret-of-this-deployment-0001");
        assertEquals("a-cluster-secret-of-this-deployment-0001",
                ConfigLoader.load(PRODUCTION_EXAMPLE, env).cluster().secret());
        assertTrue(ConfigLoader.load(null, Map.of("LIVESTAGE_REDIS_URI", "redis://127.0.0.1:6379/0",
                "LIVESTAGE_CLUSTER_ENABLED", "true")).cluster().isDevSecret(), "dev mode keeps the built-in one");
    }

    @Test
    void productionRefusesWalletsInMemoryAndPlainHttpUnlessAProxyTerminatesTls() {
        Map<String, String> secrets = Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET,
                "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY);
        Map<String, String> noRedis = new java.util.HashMap<>(secrets);
        noRedis.put("LIVESTAGE_REDIS_URI", "");
        assertMessage("production needs redis.uri", PRODUCTION_EXAMPLE, noRedis);

        Map<String, String> plain = new java.util.HashMap<>(secrets);
        plain.put("LIVESTAGE_TLS_CERT_FILE", "");
        plain.put("LIVESTAGE_TLS_KEY_FILE", "");
        assertMessage("production refuses plain HTTP", PRODUCTION_EXAMPLE, plain);

        plain.put("LIVESTAGE_TLS_TERMINATED_UPSTREAM", "true");
        LiveStageConfig proxied = ConfigLoader.load(PRODUCTION_EXAMPLE, plain);
        assertFalse(proxied.tls().enabled());
        assertTrue(proxied.tls().terminatedUpstream());
    }

    @Test
    void metricsPortAndAllowedOriginsHaveTheirVariables() {
        LiveStageConfig defaults = ConfigLoader.load(null, Map.of());
        assertFalse(defaults.metrics().ownPort(), "/metrics on the HTTP port unless told otherwise");
        assertEquals(List.of(), defaults.ws().allowedOrigins(), "every origin unless told otherwise");
        LiveStageConfig config = ConfigLoader.load(null, Map.of("LIVESTAGE_METRICS_PORT", "9464",
                "LIVESTAGE_WS_ALLOWED_ORIGINS", "[\"https://app.example.com\", \"http://localhost:3000\"]"));
        assertEquals(9464, config.signaling().metrics().port());
        assertEquals(List.of("https://app.example.com", "http://localhost:3000"), config.signaling().ws().allowedOrigins());
        assertMessage("metrics.port must differ from http.port", Map.of("LIVESTAGE_METRICS_PORT", "8080"));
        assertMessage("metrics.port must be between 0 and 65535", Map.of("LIVESTAGE_METRICS_PORT", "-1"));
        assertMessage("ws.allowedOrigins: 'app.example.com' is not an origin",
                Map.of("LIVESTAGE_WS_ALLOWED_ORIGINS", "[\"app.example.com\"]"));
    }

    @Test
    void adminPortHasItsVariableAndTheServerApiNeedsARealServiceKeyOutsideDevMode() {
        assertFalse(ConfigLoader.load(null, Map.of()).signaling().admin().ownPort(), "the API on the HTTP port by default");
        assertEquals(9465, ConfigLoader.load(null, Map.of("LIVESTAGE_ADMIN_PORT", "9465")).signaling().admin().port());
        assertMessage("admin.port must differ from http.port and metrics.port", Map.of("LIVESTAGE_ADMIN_PORT", "8080"));
        assertMessage("admin.port must differ from http.port and metrics.port",
                Map.of("LIVESTAGE_ADMIN_PORT", "9464", "LIVESTAGE_METRICS_PORT", "9464"));
        assertMessage("admin.port must be between 0 and 65535", Map.of("LIVESTAGE_ADMIN_PORT", "70000"));
        assertMessage("auth.serviceKey must be at least 16 characters", PRODUCTION_EXAMPLE,
                Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET, "LIVESTAGE_AUTH_SERVICE_KEY", ""));
        assertMessage("it opens the server API", null, Map.of("LIVESTAGE_DEV_MODE", "false",
                "LIVESTAGE_AUTH_SECRET", STRONG_SECRET));
        assertEquals(9465, ConfigLoader.load(PRODUCTION_EXAMPLE, Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET,
                "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY)).signaling().admin().port(),
                "the production example keeps the API off the public port");
    }

    @Test
    void devEndpointsNeedDevModeAndTheDevSecret() {
        assertTrue(ConfigLoader.load(null, Map.of()).signaling().devEndpoints(), "the README's first command");
        assertFalse(ConfigLoader.load(null, Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET)).signaling().devEndpoints(),
                "dev mode left on with a real secret");
    }

    @Test
    void theProductionExampleLoadsWithARealSecret() {
        LiveStageConfig config = ConfigLoader.load(PRODUCTION_EXAMPLE, Map.of("LIVESTAGE_AUTH_SECRET", STRONG_SECRET,
                "LIVESTAGE_AUTH_SERVICE_KEY", STRONG_SERVICE_KEY));
        assertEquals("production", config.environment());
        assertFalse(config.devMode());
        assertEquals(8443, config.http().port());
        assertTrue(config.tls().enabled());
        assertTrue(config.redis().configured());
        assertFalse(config.auth().toString().contains(STRONG_SECRET), "secrets never reach logs via toString");
        assertFalse(config.auth().toString().contains(STRONG_SERVICE_KEY), "service keys neither");
        assertEquals(5, config.gifts().catalog().size());
        assertEquals(60_000, config.calls().minuteMs());
        assertEquals(9464, config.metrics().port());
        assertEquals(List.of("https://app.example.com"), config.ws().allowedOrigins());
        assertEquals("https://platform.example.com", config.auth().issuer());
        assertEquals(3_600_000, config.auth().maxTokenLifetimeMs());
    }

    private static void assertMessage(String part, Map<String, String> env) {
        assertMessage(part, null, env);
    }

    private static void assertMessage(String part, Path file, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, env));
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}

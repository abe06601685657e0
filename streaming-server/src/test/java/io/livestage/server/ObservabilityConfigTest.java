package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator's dashboard ({@code config/grafana/livestage.json}) and alert rules ({@code
 * config/prometheus/alerts.yaml}) name only series a running node really exports (with Redis, as
 * production runs), so no panel stays empty and no alert silently never fires. {@code promtool
 * check rules} (in {@code .ci/run}) checks the rules' syntax; this checks their names.
 */
class ObservabilityConfigTest {
    private static final Path CONFIG = Path.of("..", "config");
    /** Series Prometheus itself adds to every scrape, not the node. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void theDashboardAndTheAlertsNameOnlySeriesTheServerExports() throws Exception {
        Set<String> exported;
        String prefix = "obs-" + UUID.randomUUID() + ":";
        // With a webhook endpoint, as a node feeding the platform runs (nothing is reported, so nothing is sent).
        try (LiveStageServer server = TestServers.start(Map.of("LIVESTAGE_REDIS_URI", "redis://127.0.0.1:6379/0",
                "LIVESTAGE_GIFTS_KEY_PREFIX", prefix, "LIVESTAGE_WEBHOOKS_ENDPOINTS",
                "[{\"name\":\"platform\",\"url\":\"http://127.0.0.1:9/hooks\",\"secret\":\"observability-test-secret\"}]"))) {
            exported = seriesNames(scrape(server));
        } finally {
            removeKeys(prefix);
        }
        List<String> dashboard = dashboardQueries();
        List<String> alerts = alertQueries();
        assertTrue(dashboard.size() >= 15, "the dashboard's panels: " + dashboard.size());
        assertEquals(8, alerts.size());
        for (String query : concat(dashboard, alerts)) {
            Set<String> missing = new TreeSet<>(metricNames(query));
            missing.removeAll(exported);
            missing.removeAll(PROMETHEUS_OWN);
            assertTrue(missing.isEmpty(), "not exported: " + missing + " in " + query);
        }
    }

    @Test
    void theNameCheckFindsTheMetricsOfAQueryAndNothingElse() {
        assertEquals(Set.of("livestage_a_total", "process_cpu_time_ns_total"), metricNames(
                "sum by (instance, le) (rate(livestage_a_total{kind=\"stun\", reason!=\"x_y\"}[5m]))"
                        + " / clamp_min(sum(rate(process_cpu_time_ns_total[1m])), 1e9) > 0.1"));
        assertEquals(Set.of("up"), metricNames("up{job=\"livestage\"} == 0"));
    }

    @Test
    void latenciesAreHistogramsSoTheyAggregateAcrossNodes() throws Exception {
        String body;
        try (LiveStageServer server = TestServers.start(Map.of())) {
            body = scrape(server);
        }
        for (String latency : List.of("livestage_sfu_dtls_handshake_seconds", "livestage_sfu_subscriber_rtt_seconds",
                "livestage_sfu_subscriber_first_frame_seconds", "livestage_calls_setup_seconds",
                "livestage_gifts_send_latency_seconds", "livestage_gifts_delivery_latency_seconds",
                "livestage_event_loop_lag_seconds")) {
            assertTrue(body.contains("# TYPE " + latency + " histogram"), latency);
            assertFalse(body.contains(latency + "{quantile="), latency + " also has client-side percentiles");
        }
    }

    /** The webhook outbox's stream and lease the node made under the run's prefix. */
    private static void removeKeys(String prefix) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    private static String scrape(LiveStageServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Set<String> seriesNames(String exposition) {
        return exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
    }

    private static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(CONFIG.resolve("grafana/livestage.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        return queries;
    }

    private static List<String> alertQueries() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(CONFIG.resolve("prometheus/alerts.yaml")));
        List<String> queries = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                queries.add(rule.path("expr").asText());
            }
        }
        return queries;
    }

    /**
     * The metric names a PromQL query reads: identifiers once label matchers, label lists after
     * {@code by}/{@code without}, ranges, strings and numbers are taken out, less function names
     * (followed by a parenthesis) and PromQL's keywords.
     */
    static Set<String> metricNames(String query) {
        String stripped = query.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\[[^]]*]", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(stripped);
        while (matcher.find()) {
            String word = matcher.group();
            boolean function = stripped.substring(matcher.end()).stripLeading().startsWith("(");
            boolean number = matcher.start() > 0 && Character.isDigit(stripped.charAt(matcher.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.livestage.server.config.ConfigLoader;
import io.livestage.server.config.LiveStageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deploy bundle, checked without Docker (this machine has no daemon): the compose file's
 * LiveStage environment is one the server accepts with the production example, Redis keeps an
 * append-only file, the Dockerfile builds in one stage and runs as a non-root user with a health
 * check that exists, and what it copies is there. docs/deploy.md says what is not checked here.
 */
class DeployBundleTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(:\\?[^}]*)?}");
    private static final Map<String, String> DOT_ENV = Map.of("PUBLIC_IP", "203.0.113.7",
            "LIVESTAGE_AUTH_SECRET", "a-real-secret-of-at-least-thirty-two-bytes-000",
            "LIVESTAGE_AUTH_SERVICE_KEY", "a-real-service-key-for-the-platform",
            "TURN_SECRET", "a-turn-secret-of-at-least-thirty-two-bytes-00", "TURN_HOST", "turn.example.com");

    @Test
    void theComposeFilesNodeStartsWithTheProductionExampleRedisKeepsAnAppendOnlyFileAndCoturnSharesTheSecret()
            throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(interpolate(
                Files.readString(ROOT.resolve("deploy/compose.yaml"))));
        JsonNode services = compose.path("services");
        assertEquals(List.of("livestage", "redis", "coturn"), names(services));

        Map<String, String> env = new HashMap<>();
        services.path("livestage").path("environment").fields()
                .forEachRemaining(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        LiveStageConfig config = ConfigLoader.load(ROOT.resolve("config/production.example.yaml"), env);
        assertEquals("production", config.environment());
        assertTrue(config.redis().configured());
        assertEquals(List.of("203.0.113.7"), config.media().announcedAddresses());
        assertTrue(config.turn().enabled());
        assertTrue(config.logging().json());

        String redis = services.path("redis").path("command").toString();
        assertTrue(redis.contains("\"--appendonly\",\"yes\""), redis);
        String coturn = services.path("coturn").path("command").toString();
        assertTrue(coturn.contains("--static-auth-secret=" + DOT_ENV.get("TURN_SECRET"))
                && coturn.contains("--use-auth-secret"), coturn);
        assertTrue(services.path("livestage").path("healthcheck").path("test").toString()
                .contains("io.livestage.server.HealthProbe"));
    }

    @Test
    void theDockerfileBuildsThenRunsTheJarAsANonRootUserWithAHealthCheck() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();
        assertEquals(2, stages.size(), "a build stage and a runtime stage: " + stages);
        assertTrue(stages.get(1).contains("-jre"), "the runtime needs no JDK: " + stages.get(1));
        int runtime = lines.indexOf(stages.get(1));
        List<String> runtimeLines = lines.subList(runtime, lines.size());
        assertTrue(runtimeLines.stream().anyMatch(line -> line.equals("USER livestage")), "non-root");
        assertTrue(runtimeLines.stream().anyMatch(line -> line.startsWith("HEALTHCHECK")));
        assertTrue(String.join("\n", runtimeLines).contains("io.livestage.server.HealthProbe"));
        Class.forName("io.livestage.server.HealthProbe");
        // What the runtime copies from the build is the shaded jar streaming-server's pom names.
        String pom = Files.readString(ROOT.resolve("streaming-server/pom.xml"));
        assertTrue(pom.contains("<finalName>livestage</finalName>"));
        assertTrue(lines.contains("COPY --from=build /src/streaming-server/target/livestage.jar livestage.jar"));
        for (String line : lines) {
            if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
                String source = line.split(" +")[1];
                assertTrue(Files.exists(ROOT.resolve(source)), "the Dockerfile copies " + source + ", which is not here");
            }
        }
    }

    @Test
    void theHealthProbeSaysWhetherTheNodeAnswers() throws Exception {
        try (LiveStageServer server = TestServers.start(Map.of())) {
            assertTrue(HealthProbe.healthy("http://127.0.0.1:" + server.httpPort() + "/health"));
            assertFalse(HealthProbe.healthy("http://127.0.0.1:" + server.httpPort() + "/nothing-here"));
        }
        assertFalse(HealthProbe.healthy("http://127.0.0.1:1/health"), "nothing listening");
    }

    /** Fills {@code ${VAR}} and {@code ${VAR:?message}} from deploy/.env's example values, as compose does. */
    private static String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = DOT_ENV.get(matcher.group(1));
            assertTrue(value != null, "compose.yaml uses ${" + matcher.group(1) + "}, which deploy/.env does not list");
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}

package io.livestage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenVerifier;
import io.livestage.signaling.protocol.Versions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code livestage} command: its version, check-config and token, and secrets from files. */
class MainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void versionNamesTheBuildAndTheProtocol() {
        assertEquals(0, run(Map.of(), "--version"));
        assertEquals("livestage " + Versions.server() + " (protocol " + Versions.PROTOCOL + ")", out.toString().trim());
        assertTrue(Versions.server().matches("\\d+\\.\\d+\\.\\d+.*"), Versions.server());
    }

    @Test
    void checkConfigSaysWhetherTheNodeWouldStartAndWhy() {
        assertEquals(0, run(Map.of("LIVESTAGE_MEDIA_UDP_PORT", "10500"), "check-config"));
        assertTrue(out.toString().contains("configuration OK: environment dev") && out.toString().contains("10500"), out.toString());
        assertEquals(Main.BAD_CONFIG, run(Map.of("LIVESTAGE_MEDIA_UDP_PROT", "1"), "check-config"));
        assertTrue(err.toString().contains("unknown setting LIVESTAGE_MEDIA_UDP_PROT"), err.toString());
        assertEquals(Main.BAD_CONFIG, run(Map.of("LIVESTAGE_ENVIRONMENT", "production"), "check-config"));
        assertTrue(err.toString().contains("production"), err.toString());
    }

    @Test
    void tokenSignsWithTheConfiguredSecretForTheNodeToAccept() {
        assertEquals(0, run(Map.of(), "token", "--user", "alice", "--roles", "creator,viewer", "--adult", "--name", "Alice"));
        Identity identity = new TokenVerifier(Main.load(null, Map.of()).auth(), Clock.systemUTC())
                .verify(out.toString().trim()).identity();
        assertEquals("alice", identity.userId());
        assertEquals("Alice", identity.name());
        assertEquals(Set.of(Role.CREATOR, Role.VIEWER), identity.roles());
        assertTrue(identity.adult());
        assertEquals(Main.BAD_CONFIG, run(Map.of(), "token", "--user", "bob", "--roles", "admin"));
        assertTrue(err.toString().contains("unknown role 'admin'"), err.toString());
        assertEquals(Main.BAD_CONFIG, run(Map.of(), "token", "--user", "bob", "--ttl", "P30D"));
        assertTrue(err.toString().contains("auth.maxTokenLifetimeMs"), err.toString());
    }

    @Test
    void aSecretCanComeFromAFileAndNotFromBothPlaces(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("auth-secret"), "a-secret-from-a-file-of-thirty-two-bytes-0000\n");
        assertEquals(0, run(Map.of("LIVESTAGE_AUTH_SECRET_FILE", secret.toString()), "token", "--user", "carol"));
        Map<String, String> fromFile = Map.of("LIVESTAGE_AUTH_SECRET_FILE", secret.toString());
        new TokenVerifier(Main.load(null, fromFile).auth(), Clock.systemUTC()).verify(out.toString().trim());
        assertEquals("a-secret-from-a-file-of-thirty-two-bytes-0000", Main.load(null, fromFile).auth().secret());
        assertEquals(Main.BAD_CONFIG, run(Map.of("LIVESTAGE_AUTH_SECRET_FILE", secret.toString(),
                "LIVESTAGE_AUTH_SECRET", "another"), "check-config"));
        assertTrue(err.toString().contains("both set"), err.toString());
        assertEquals(Main.BAD_CONFIG, run(Map.of("LIVESTAGE_AUTH_SECRET_FILE", dir.resolve("missing").toString()),
                "check-config"));
        assertTrue(err.toString().contains("cannot read"), err.toString());
    }

    private int run(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = Main.commandLine(env);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }
}

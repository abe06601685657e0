package io.livestage.loadtest.scenario;

import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.auth.Role;
import io.livestage.signaling.auth.TokenIssuer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** Mints tokens as the platform would, with the server's shared secret. */
public final class PlatformTokens {

    private final TokenIssuer issuer;
    private final Duration lifetime;
    private final String runId;

    /** @param runId keeps user ids of concurrent or successive runs apart */
    public PlatformTokens(String secret, Duration lifetime, String runId) {
        this.issuer = new TokenIssuer(secret, Clock.systemUTC());
        this.lifetime = lifetime;
        this.runId = runId;
    }

    public String host() {
        return issuer.issue(new Identity("lt-" + runId + "-host", "Load host", Set.of(Role.CREATOR), true, null), lifetime);
    }

    public String viewer(int index) {
        return issuer.issue(new Identity("lt-" + runId + "-v" + index, "Viewer " + index, Set.of(Role.VIEWER), true, null),
                lifetime);
    }
}

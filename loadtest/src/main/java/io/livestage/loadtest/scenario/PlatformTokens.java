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

    /** The creator of one of several shows of a run: a host has at most one live show. */
    public String host(int index) {
        return issuer.issue(new Identity("lt-" + runId + "-host" + index, "Load host " + index, Set.of(Role.CREATOR),
                true, null), lifetime);
    }

    /** A viewer who sends gifts; adult, as the server requires of senders. */
    public String sender(int index) {
        return issuer.issue(new Identity(senderId(index), "Sender " + index, Set.of(Role.VIEWER), true, null), lifetime);
    }

    /** The user id in {@link #sender}'s token, whose wallet the platform credits. */
    public String senderId(int index) {
        return "lt-" + runId + "-s" + index;
    }

    public String viewer(int index) {
        return issuer.issue(new Identity("lt-" + runId + "-v" + index, "Viewer " + index, Set.of(Role.VIEWER), true, null),
                lifetime);
    }

    /** A consultant of a paid call, adult, at {@code rate} coins a minute. */
    public String consultant(int index, long rate) {
        return issuer.issue(new Identity("lt-" + runId + "-c" + index, "Consultant " + index, Set.of(Role.CONSULTANT),
                true, rate), lifetime);
    }

    /** An adult viewer who pays for calls. */
    public String caller(int index) {
        return issuer.issue(new Identity(callerId(index), "Caller " + index, Set.of(Role.VIEWER), true, null), lifetime);
    }

    /** The user id in {@link #caller}'s token, whose wallet the platform credits. */
    public String callerId(int index) {
        return "lt-" + runId + "-k" + index;
    }
}

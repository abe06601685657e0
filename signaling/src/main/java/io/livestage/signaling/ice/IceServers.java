package io.livestage.signaling.ice;

import io.livestage.signaling.config.IceServerConfig;
import io.livestage.signaling.config.TurnConfig;
import io.livestage.signaling.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN/TURN servers a {@code welcome} hands a user: the configured ones as they are, and the
 * TURN server with credentials of that user's own that expire ({@link TurnConfig}), in the form
 * coturn checks with {@code use-auth-secret} (the "TURN REST API"): username {@code
 * <expiry unix seconds>:<userId>}, credential {@code base64(HMAC-SHA1(secret, username))}. A
 * leaked credential works for its lifetime only, and names whose it was.
 */
public final class IceServers {
    private final List<ServerMessage.IceServer> fixed;
    private final TurnConfig turn;
    private final Clock clock;

    public IceServers(List<IceServerConfig> fixed, TurnConfig turn, Clock clock) {
        this.fixed = fixed.stream().map(s -> new ServerMessage.IceServer(s.urls(), s.username(), s.credential())).toList();
        this.turn = turn;
        this.clock = clock;
    }

    /** The servers for this user's {@code welcome}. */
    public List<ServerMessage.IceServer> forUser(String userId) {
        if (!turn.enabled()) {
            return fixed;
        }
        List<ServerMessage.IceServer> servers = new ArrayList<>(fixed);
        long expiry = clock.instant().getEpochSecond() + turn.ttlSeconds();
        String username = expiry + ":" + userId;
        servers.add(new ServerMessage.IceServer(turn.urls(), username, credential(turn.secret(), username)));
        return servers;
    }

    /** coturn's {@code use-auth-secret} password for a username. */
    public static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}

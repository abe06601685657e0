package io.livestage.signaling.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.protocol.Fields;
import io.livestage.signaling.protocol.ProtocolException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens for anyone, in dev mode only: {@code POST /dev/token} for people trying the web client and
 * {@code POST /api/dev/token} for a platform's tests. Signed with what this server's own configuration
 * expects, so they pass its checks; they live a working day, or {@code auth.maxTokenLifetimeMs} if shorter.
 */
public final class DevTokens {
    private static final Duration WORKING_DAY = Duration.ofHours(12);

    private final TokenIssuer issuer;
    private final Duration lifetime;

    public DevTokens(TokenIssuer issuer, Duration maxTokenLifetime) {
        this.issuer = issuer;
        this.lifetime = WORKING_DAY.compareTo(maxTokenLifetime) <= 0 ? WORKING_DAY : maxTokenLifetime;
    }

    /**
     * A token for {@code {"user", "name"?, "roles"?, "adult"?, "rate"?}}; {@link ProtocolException}
     * ({@code bad_request}) naming what is wrong with the body.
     */
    public String issue(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProtocolException.badRequest("the body must be a JSON object");
        }
        Fields fields = new Fields(body);
        String user = fields.text("user", 64);
        String name = Optional.ofNullable(fields.optionalText("name", 64)).orElse(user);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        JsonNode roleNames = body.path("roles");
        if (!roleNames.isMissingNode() && !roleNames.isArray()) {
            throw ProtocolException.badRequest("field 'roles' must be an array");
        }
        for (JsonNode role : roleNames) {
            roles.add(Role.fromWire(role.asText()).orElseThrow(
                    () -> ProtocolException.badRequest("unknown role '" + role.asText() + "'")));
        }
        boolean adult = body.has("adult") && fields.bool("adult");
        Long rate = body.has("rate") ? fields.integer("rate", 0, 1_000_000) : null;
        return issuer.issue(new Identity(user, name, roles, adult, rate), lifetime);
    }
}

package io.livestage.signaling.auth;

import java.util.Optional;

/** What a user may do, as granted by the platform in the token's {@code roles} claim. */
public enum Role {
    CREATOR("creator"),
    VIEWER("viewer"),
    CONSULTANT("consultant");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The role with this wire name; empty for names this server does not know. */
    public static Optional<Role> fromWire(String wire) {
        for (Role role : values()) {
            if (role.wire.equals(wire)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

package io.livestage.signaling.auth;

import java.util.List;
import java.util.Set;

/**
 * A verified user, as the platform's token describes them.
 *
 * @param ratePerMinute a consultant's price in coins per minute, or null when not set
 */
public record Identity(String userId, String name, Set<Role> roles, boolean adult, Long ratePerMinute) {
    public Identity {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Roles by wire name, in a stable order. */
    public List<String> roleNames() {
        return roles.stream().sorted().map(Role::wire).toList();
    }
}

package io.livestage.sfu;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many subscriptions each user holds, over all of the user's sessions, against a cap: every
 * subscription is a transport with its own ICE, consent checks and, while it connects, a DTLS
 * handshake, so one account must not be able to open hundreds. Thread-safe.
 */
final class SubscriptionQuota {
    private final int maxPerUser;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    SubscriptionQuota(int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be at least 1: " + maxPerUser);
        }
        this.maxPerUser = maxPerUser;
    }

    int maxPerUser() {
        return maxPerUser;
    }

    /** Takes one of the user's subscriptions; false when the user already holds the most allowed. */
    boolean tryAcquire(String userId) {
        boolean[] taken = new boolean[1];
        held.compute(userId, (user, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    /** Gives one back; the user's entry goes with its last subscription. */
    void release(String userId) {
        held.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
    }

    int held(String userId) {
        return held.getOrDefault(userId, 0);
    }
}

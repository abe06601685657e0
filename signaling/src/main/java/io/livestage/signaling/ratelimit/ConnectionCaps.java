package io.livestage.signaling.ratelimit;

import io.livestage.signaling.config.LimitsConfig;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many WebSocket connections this node holds: in all, from each address, and of each signed-in
 * user. Every admission is matched by one release; counts that fall to zero are forgotten, so the
 * maps hold only addresses and users that have connections open. Safe from any event loop.
 */
public final class ConnectionCaps {
    /** Why an upgrade was refused. */
    public enum Refusal {
        /** The node holds {@code limits.maxConnections}. */
        NODE_FULL,
        /** The address holds {@code limits.maxConnectionsPerIp}. */
        ADDRESS_FULL
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final Set<InetAddress> exempt;
    private final int maxPerUser;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> byUser = new ConcurrentHashMap<>();

    public ConnectionCaps(LimitsConfig limits) {
        this.maxConnections = limits.maxConnections();
        this.maxPerAddress = limits.maxConnectionsPerIp();
        this.exempt = limits.exemptAddresses();
        this.maxPerUser = limits.maxConnectionsPerUser();
    }

    /**
     * Counts a connection from this address, or says why not; an admitted connection is released
     * with {@link #release(InetAddress)} when it closes.
     *
     * @return null when admitted
     */
    public Refusal admit(InetAddress address) {
        if (total.incrementAndGet() > maxConnections) {
            total.decrementAndGet();
            return Refusal.NODE_FULL;
        }
        if (exempt.contains(address)) {
            return null;
        }
        boolean[] admitted = {false};
        byAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Refusal.ADDRESS_FULL;
        }
        return null;
    }

    public void release(InetAddress address) {
        total.decrementAndGet();
        if (!exempt.contains(address)) {
            byAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Counts a signed-in connection of the user; false when the user already has {@code limits.maxConnectionsPerUser}. */
    public boolean admitUser(String userId) {
        boolean[] admitted = {false};
        byUser.compute(userId, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    public void releaseUser(String userId) {
        byUser.computeIfPresent(userId, (key, count) -> count <= 1 ? null : count - 1);
    }

    public int maxPerUser() {
        return maxPerUser;
    }
}

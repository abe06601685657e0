package io.livestage.signaling.call;

import io.livestage.signaling.session.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The consultants of this node who are available for calls, with the connection that rings. */
final class ConsultantRoster {
    /** An available consultant at the rate their token allows. */
    record Consultant(String userId, String name, long rate, Session session) {}

    private final Map<String, Consultant> available = new ConcurrentHashMap<>();

    void available(Consultant consultant) {
        available.put(consultant.userId(), consultant);
    }

    void away(String userId) {
        available.remove(userId);
    }

    /** The connection that made a consultant available closed: they are away. */
    void sessionGone(Session session) {
        if (session.isAuthenticated()) {
            available.computeIfPresent(session.identity().userId(), (id, c) -> c.session() == session ? null : c);
        }
    }

    /**
     * The entry this session made available becomes {@code fresh}, or goes when that is null; an
     * entry of another session of the same user is left alone.
     */
    void replace(Session session, Consultant fresh) {
        available.computeIfPresent(session.identity().userId(), (id, c) -> c.session() == session ? fresh : c);
    }

    Consultant find(String userId) {
        return available.get(userId);
    }

    /** Everyone available, cheapest first, then by name. */
    List<Consultant> list() {
        List<Consultant> all = new ArrayList<>(available.values());
        all.sort(Comparator.comparingLong(Consultant::rate).thenComparing(Consultant::name).thenComparing(Consultant::userId));
        return all;
    }
}

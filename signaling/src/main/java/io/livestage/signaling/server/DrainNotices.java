package io.livestage.signaling.server;

import io.livestage.signaling.cluster.NodeDrain;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.MediaRoom;
import io.livestage.signaling.session.Room;
import io.livestage.signaling.session.Session;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * While the node drains, tells every connection that has nothing left here to reconnect, once: at once
 * for those idle when the drain begins (or whose rooms go on through another node: a show hosted
 * elsewhere, a call run elsewhere, the host of a show here, which moves with its host in a cluster),
 * then each as its show or call ends or moves away. A viewer of a show that goes on here is not sent
 * away from it. The hints are spread over {@value #SPREAD_MS} ms so that a node's clients do not all
 * reconnect in the same instant, except a publisher's (a moving show's host, a call party): theirs says 0.
 */
final class DrainNotices implements Runnable {
    static final long SPREAD_MS = 3_000;

    private final SessionRegistry sessions;
    /** Connections already told; weak, so a closed one is forgotten with it. */
    private final Set<Session> told = Collections.newSetFromMap(new WeakHashMap<>());

    DrainNotices(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** Every second while draining, on one thread at a time. */
    @Override
    public synchronized void run() {
        for (Session session : sessions.snapshot()) {
            if (session.identity() != null && !session.isClosing() && goesOnElsewhere(session) && told.add(session)) {
                long after = publishes(session) ? 0 : ThreadLocalRandom.current().nextLong(SPREAD_MS);
                session.send(new ServerMessage.Reconnect(NodeDrain.REASON, after));
            }
        }
    }

    /**
     * A host whose show moves with them, or a call party: their audience or their peer waits for them, so they go
     * at once rather than spread with everyone else.
     */
    private static boolean publishes(Session session) {
        for (Room room : session.rooms()) {
            if (room instanceof MediaRoom media && media.mayPublish(session.identity().userId())) {
                return true;
            }
        }
        return false;
    }

    private static boolean goesOnElsewhere(Session session) {
        for (Room room : session.rooms()) {
            if (!room.goesOnElsewhere(session)) {
                return false;
            }
        }
        return true;
    }
}

package io.livestage.signaling.show;

import io.livestage.signaling.metrics.RoomEventMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts events held by one room, or by the whole node: a slot is taken before the request that makes an
 * event is charged (or when an already charged event arrives) and given back once every member's loop has
 * written it. Reserving refuses beyond the limit; everything else is counted, never refused, so an accepted
 * event is never dropped. Safe from any thread.
 */
final class EventBacklog {
    private final AtomicInteger held = new AtomicInteger();
    private final int limit;

    EventBacklog(int limit) {
        this.limit = limit;
    }

    /** Takes a slot if one is free. */
    boolean tryReserve() {
        if (held.incrementAndGet() > limit) {
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Counts events that must be delivered whatever the load: already charged, or the room's own news. */
    void add(int events) {
        held.addAndGet(events);
    }

    void release(int events) {
        held.addAndGet(-events);
    }

    int held() {
        return held.get();
    }

    /** Reserves in the room, then in the node; the refusal's reason, or null when both had room. */
    static String reserve(EventBacklog room, EventBacklog node) {
        if (!room.tryReserve()) {
            return RoomEventMetrics.ROOM_BUSY;
        }
        if (!node.tryReserve()) {
            room.release(1);
            return RoomEventMetrics.NODE_BUSY;
        }
        return null;
    }
}

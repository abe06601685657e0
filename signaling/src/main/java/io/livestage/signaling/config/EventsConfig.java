package io.livestage.signaling.config;

/**
 * How a room's events (gifts, chat, counts) reach its members.
 *
 * @param tickMs             a room's events are gathered for this long into one frame per member; the first
 *                           event after a quiet spell goes out at once
 * @param maxPendingPerRoom  events one room may hold (reserved by sends in flight, gathered, or handed to the
 *                           event loops and not yet written); beyond it {@code gift.send} and {@code chat.send}
 *                           are refused with {@code unavailable} (reason {@code room_busy}) before anything is charged
 * @param maxPendingPerNode  the same over every room of this node (reason {@code node_busy})
 * @param maxEventsPerFrame  most events one {@code room.events} frame carries; a longer tick sends several
 */
public record EventsConfig(long tickMs, int maxPendingPerRoom, int maxPendingPerNode, int maxEventsPerFrame) {
    /** A frame's events are told apart by the bits of one {@code long}. */
    public static final int FRAME_LIMIT = 64;

    public EventsConfig {
        Checks.range(tickMs, 1, 1000, "events.tickMs");
        Checks.range(maxPendingPerRoom, 1, 1_000_000, "events.maxPendingPerRoom");
        Checks.range(maxPendingPerNode, maxPendingPerRoom, 10_000_000, "events.maxPendingPerNode");
        Checks.range(maxEventsPerFrame, 1, FRAME_LIMIT, "events.maxEventsPerFrame");
    }

    /** The defaults of config/livestage.yaml. */
    public static EventsConfig defaults() {
        return new EventsConfig(50, 256, 2048, 64);
    }
}

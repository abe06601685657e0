package io.livestage.sfu.transport;

/**
 * Chooses the simulcast layer (spatial, then temporal) one subscriber gets from its bandwidth
 * estimate. A new viewer starts on the lowest layer. Down at once: the highest layer that fits, and below the lowest layer fewer VP8
 * temporal layers. Up one layer at a time, and only after the estimate has left room for the next
 * layer with a margin (its packets' headers, the audio beside it, retransmissions) for {@value
 * #UP_HOLD_NANOS} ns without a break (the estimate itself only rises after a probe showed the path
 * carries more). A climb that had to be undone within {@value #FAILED_CLIMB_NANOS} ns doubles the
 * hold before that layer is tried again, up to {@value #MAX_HOLD_NANOS} ns: a link just under a
 * layer's rate would otherwise try it, congest and fall back every few seconds. A pinned layer
 * (the viewer's data saver, or a choice of its own) overrides the estimate. Used on the subscriber
 * transport's loop only.
 */
final class LayerSelector {
    /** Spatial layer index meaning "choose by the estimate". */
    static final int AUTO = -1;
    static final long UP_HOLD_NANOS = 2_000_000_000L;
    /** No room for the next layer seen yet (any long is a valid time on the monotonic clock). */
    private static final long NO_ROOM = Long.MIN_VALUE;
    static final long FAILED_CLIMB_NANOS = 5_000_000_000L;
    static final long MAX_HOLD_NANOS = 32_000_000_000L;
    /** The next layer must fit this many times over before we climb to it. */
    static final double UP_MARGIN = 1.25;
    /** Share of a VP8 L1T3 stream's bitrate up to each temporal layer (libwebrtc allocates 40/20/40). */
    private static final double[] TEMPORAL_SHARE = {0.4, 0.6, 1.0};

    /** Which layers exist and what they cost; implemented by {@link MediaSource}. */
    interface Layers {
        int layerCount();

        boolean layerAvailable(int index, long nowNanos);

        long layerBitrate(int index);
    }

    private int spatial = -1;
    private int temporal = TemporalFilter.ALL;
    private long roomSinceNanos = NO_ROOM;
    /** Per layer: how long the estimate must leave room for it before we climb to it again. */
    private final long[] holdNanos = {UP_HOLD_NANOS, UP_HOLD_NANOS, UP_HOLD_NANOS};
    private int climbedTo = -1;
    private long climbedAtNanos;

    int spatial() {
        return spatial;
    }

    int temporal() {
        return temporal;
    }

    /**
     * Chooses again.
     *
     * @param budgetBps      what the subscriber's estimate leaves for this track
     * @param climbBudgetBps what the path was seen to carry for this track (probes, what arrived):
     *                       a climb needs room there too, not only in an estimate that may be a guess
     * @param pinned         a spatial layer the viewer asked for, or {@link #AUTO}
     * @return the bitrate of the choice, bits/s, for the caller's budget of other tracks
     */
    long choose(Layers layers, long budgetBps, long climbBudgetBps, int pinned, long nowNanos) {
        int lowest = -1;
        int highest = -1;
        for (int i = 0; i < layers.layerCount(); i++) {
            if (layers.layerAvailable(i, nowNanos)) {
                lowest = lowest < 0 ? i : lowest;
                highest = i;
            }
        }
        if (lowest < 0) {
            // Nothing has arrived yet: the lowest layer is the one a phone always sends.
            spatial = Math.max(spatial, 0);
            return 0;
        }
        if (pinned != AUTO) {
            spatial = nearestAvailable(layers, Math.min(pinned, highest), lowest, nowNanos);
            temporal = TemporalFilter.ALL;
            roomSinceNanos = NO_ROOM;
            return layers.layerBitrate(spatial);
        }
        int fits = -1;
        for (int i = lowest; i <= highest; i++) {
            if (layers.layerAvailable(i, nowNanos) && layers.layerBitrate(i) <= budgetBps) {
                fits = i;
            }
        }
        if (fits < 0) {
            spatial = lowest;
            temporal = 0;
            for (int t = TemporalFilter.ALL; t > 0; t--) {
                if (layers.layerBitrate(lowest) * TEMPORAL_SHARE[t] <= budgetBps) {
                    temporal = t;
                    break;
                }
            }
            roomSinceNanos = NO_ROOM;
            return (long) (layers.layerBitrate(lowest) * TEMPORAL_SHARE[temporal]);
        }
        temporal = TemporalFilter.ALL;
        if (spatial < 0) {
            // A new viewer starts on the lowest layer: its first picture comes soonest (the smallest
            // keyframe), and nothing it is sent yet can overload a link no feedback has measured;
            // it climbs as soon as probes show room.
            spatial = lowest;
            roomSinceNanos = NO_ROOM;
        } else if (fits < spatial || !layers.layerAvailable(spatial, nowNanos)) {
            // Down at once (also when the current layer stopped).
            if (spatial >= 0 && spatial == climbedTo && nowNanos - climbedAtNanos < FAILED_CLIMB_NANOS) {
                holdNanos[spatial] = Math.min(MAX_HOLD_NANOS, holdNanos[spatial] * 2);
            }
            spatial = fits;
            roomSinceNanos = NO_ROOM;
        } else if (fits > spatial) {
            int next = nextAvailableAbove(layers, spatial, highest, nowNanos);
            boolean room = layers.layerBitrate(next) * UP_MARGIN <= Math.min(budgetBps, climbBudgetBps);
            if (!room) {
                roomSinceNanos = NO_ROOM;
            } else if (roomSinceNanos == NO_ROOM) {
                roomSinceNanos = nowNanos;
            } else if (nowNanos - roomSinceNanos >= holdNanos[next]) {
                spatial = next;
                climbedTo = next;
                climbedAtNanos = nowNanos;
                roomSinceNanos = NO_ROOM;
            }
        } else {
            roomSinceNanos = NO_ROOM;
            if (spatial == climbedTo && nowNanos - climbedAtNanos >= FAILED_CLIMB_NANOS) {
                // The climb held: the next one may come as soon as the first did.
                holdNanos[spatial] = UP_HOLD_NANOS;
            }
        }
        return layers.layerBitrate(spatial);
    }

    private static int nearestAvailable(Layers layers, int wanted, int lowest, long nowNanos) {
        for (int i = wanted; i >= lowest; i--) {
            if (layers.layerAvailable(i, nowNanos)) {
                return i;
            }
        }
        return lowest;
    }

    private static int nextAvailableAbove(Layers layers, int from, int highest, long nowNanos) {
        for (int i = from + 1; i <= highest; i++) {
            if (layers.layerAvailable(i, nowNanos)) {
                return i;
            }
        }
        return from;
    }
}

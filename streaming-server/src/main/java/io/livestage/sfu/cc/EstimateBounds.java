package io.livestage.sfu.cc;

/**
 * Where a subscriber's bandwidth estimate starts and the range it stays in.
 *
 * @param floorBps never estimated lower: below it not even the lowest layer and audio fit, and a
 *     floor keeps one bad second from starving the estimator of the feedback it needs to recover
 * @param ceilingBps never estimated higher: more than any subscriber is sent
 * @param startBps the estimate before any feedback, unless the subscriber's REMB came first
 */
public record EstimateBounds(long floorBps, long ceilingBps, long startBps) {

    public static final EstimateBounds DEFAULT = new EstimateBounds(50_000, 10_000_000, 1_000_000);

    public EstimateBounds {
        if (floorBps <= 0 || ceilingBps < floorBps || startBps < floorBps || startBps > ceilingBps) {
            throw new IllegalArgumentException("bounds must satisfy 0 < floor <= start <= ceiling: "
                    + floorBps + ", " + startBps + ", " + ceilingBps);
        }
    }
}

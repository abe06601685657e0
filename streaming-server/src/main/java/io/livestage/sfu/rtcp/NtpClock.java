package io.livestage.sfu.rtcp;

/**
 * Our NTP time (RFC 3550 section 4: 32.32 fixed-point seconds since 1900) for sender reports,
 * derived from {@link System#nanoTime()} readings so the media path keeps a single clock.
 *
 * <p>The wall clock is read once, at construction, and time then advances with the monotonic
 * clock: a wall-clock step (NTP daemon, suspend) cannot make RTCP timestamps jump backwards, and
 * RTT only depends on differences of these values anyway. Immutable, so it may be shared by every
 * event loop. The static helpers convert between nanoseconds and the 32-bit "compact" NTP form
 * (middle 32 bits, 1/65536 s units) that report blocks carry as LSR and DLSR.
 */
public final class NtpClock {

    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    static final long UNIX_EPOCH_IN_NTP_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ntpAtAnchor;
    private final long anchorNanoTime;

    /** Anchors NTP time {@code epochMillis} (wall clock) at the monotonic reading {@code nanoTime}. */
    public NtpClock(long epochMillis, long nanoTime) {
        this.ntpAtAnchor = fromEpochMillis(epochMillis);
        this.anchorNanoTime = nanoTime;
    }

    /** A clock anchored at the system's wall clock now. */
    public static NtpClock system() {
        return new NtpClock(System.currentTimeMillis(), System.nanoTime());
    }

    /** The 64-bit NTP timestamp at the monotonic reading {@code nanoTime} (unsigned, so it may look negative). */
    public long ntpAt(long nanoTime) {
        return ntpAtAnchor + durationOf(nanoTime - anchorNanoTime);
    }

    /** The 64-bit NTP timestamp of a Unix time in milliseconds; the seconds wrap in 2036 as NTP's do. */
    public static long fromEpochMillis(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000) + UNIX_EPOCH_IN_NTP_SECONDS;
        long millis = Math.floorMod(epochMillis, 1000);
        return (seconds << 32) + (millis << 32) / 1000;
    }

    /** A duration in nanoseconds as a 32.32 fixed-point NTP difference. */
    public static long durationOf(long nanos) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (seconds << 32) + (rest << 32) / NANOS_PER_SECOND;
    }

    /** The middle 32 bits of a 64-bit NTP timestamp, as LSR and RTT arithmetic use them. */
    public static long compact(long ntpTimestamp) {
        return (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A non-negative duration in compact units (1/65536 s), saturating at the 32-bit maximum. */
    public static long compactOf(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long seconds = nanos / NANOS_PER_SECOND;
        if (seconds >= 1 << 16) {
            return 0xFFFF_FFFFL;
        }
        long rest = nanos % NANOS_PER_SECOND;
        return (seconds << 16) + (rest << 16) / NANOS_PER_SECOND;
    }

    /** A compact duration (1/65536 s units, 32-bit unsigned) in nanoseconds. */
    public static long nanosOfCompact(long compact) {
        return (compact & 0xFFFF_FFFFL) * NANOS_PER_SECOND >>> 16;
    }
}

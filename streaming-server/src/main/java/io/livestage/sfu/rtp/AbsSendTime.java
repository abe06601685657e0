package io.livestage.sfu.rtp;

/**
 * The abs-send-time RTP header extension (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time):
 * the send time as 24-bit fixed point seconds, 6 integer and 18 fractional bits, so it wraps every
 * 64 s. Receivers only use differences between packets, so any monotonic clock will do.
 */
public final class AbsSendTime {

    public static final int LENGTH = 3;

    private static final long WRAP_MICROS = 64_000_000L;
    private static final int FRACTION_BITS = 18;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit value for {@code micros} on a monotonic clock, rounded to the nearest 1/2^18 s. */
    public static int at(long micros) {
        // Only the time modulo the 64 s wrap matters; reducing first keeps the shift from overflowing
        // for any clock value, negative ones (System.nanoTime may be) included.
        long withinWrap = Math.floorMod(micros, WRAP_MICROS);
        long fixedPoint = ((withinWrap << FRACTION_BITS) + MICROS_PER_SECOND / 2) / MICROS_PER_SECOND;
        return (int) fixedPoint & 0xFF_FFFF;
    }

    /** Writes the 3 bytes of {@link #at} at {@code buf[at]}, network order. */
    public static void write(byte[] buf, int at, long micros) {
        NetworkOrder.putUint24(buf, at, at(micros));
    }
}

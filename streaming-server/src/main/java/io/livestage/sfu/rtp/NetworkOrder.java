package io.livestage.sfu.rtp;

/**
 * Big-endian (network order) reads and writes on {@code byte[]}, shared by the RTP and RTCP codecs.
 *
 * <p>Unsigned 32-bit values travel as {@code long} so SSRCs and timestamps never show up negative.
 * Callers check bounds before calling; these methods only do the arithmetic.
 */
public final class NetworkOrder {

    private NetworkOrder() {
    }

    public static int uint8(byte[] buf, int off) {
        return buf[off] & 0xFF;
    }

    public static int uint16(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
    }

    public static int uint24(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 16) | ((buf[off + 1] & 0xFF) << 8) | (buf[off + 2] & 0xFF);
    }

    /** A 24-bit two's complement value, as used by RTCP cumulative loss and transport-cc reference time. */
    public static int int24(byte[] buf, int off) {
        return (uint24(buf, off) << 8) >> 8;
    }

    public static long uint32(byte[] buf, int off) {
        return int32(buf, off) & 0xFFFF_FFFFL;
    }

    public static int int32(byte[] buf, int off) {
        return ((buf[off] & 0xFF) << 24) | ((buf[off + 1] & 0xFF) << 16)
                | ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    public static long int64(byte[] buf, int off) {
        return (uint32(buf, off) << 32) | uint32(buf, off + 4);
    }

    public static void putUint16(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 8);
        buf[off + 1] = (byte) value;
    }

    public static void putUint24(byte[] buf, int off, int value) {
        buf[off] = (byte) (value >>> 16);
        buf[off + 1] = (byte) (value >>> 8);
        buf[off + 2] = (byte) value;
    }

    public static void putUint32(byte[] buf, int off, long value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }

    public static void putInt64(byte[] buf, int off, long value) {
        putUint32(buf, off, value >>> 32);
        putUint32(buf, off + 4, value);
    }

    /** True when {@code [off, off + len)} is a valid, non-negative range inside {@code buf}. */
    public static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }
}

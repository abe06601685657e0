package io.livestage.loadtest.webrtc;

import java.util.SplittableRandom;

/**
 * Filler bytes for synthetic payloads, a function of the packet's SSRC and sequence number only,
 * so a receiver can check byte for byte that it got the publisher's payload: a stamp (the
 * sequence number and SSRC, big-endian) then pseudo-random noise (incompressible like encoded
 * media, but not media) from a fixed block, at an offset chosen by both. Allocates nothing.
 */
final class SyntheticPayload {

    /** Sequence number (2 bytes) and SSRC (4 bytes); a shorter filler carries a prefix of it. */
    static final int STAMP_LENGTH = 6;
    private static final byte[] NOISE = new byte[4096];

    static {
        new SplittableRandom(0x5EED_F00DL).nextBytes(NOISE);
    }

    private SyntheticPayload() {
    }

    /** Writes {@code len} filler bytes for this packet to {@code buf[off]}. */
    static void fill(byte[] buf, int off, int len, long ssrc, int sequence) {
        int stamped = Math.min(len, STAMP_LENGTH);
        for (int i = 0; i < stamped; i++) {
            buf[off + i] = stampByte(i, ssrc, sequence);
        }
        int from = noiseOffset(ssrc, sequence);
        int at = off + stamped;
        int left = len - stamped;
        while (left > 0) {
            int n = Math.min(left, NOISE.length - from);
            System.arraycopy(NOISE, from, buf, at, n);
            at += n;
            left -= n;
            from = 0;
        }
    }

    /** True when {@code buf[off, off + len)} is exactly what {@link #fill} writes for this packet. */
    static boolean matches(byte[] buf, int off, int len, long ssrc, int sequence) {
        int stamped = Math.min(len, STAMP_LENGTH);
        for (int i = 0; i < stamped; i++) {
            if (buf[off + i] != stampByte(i, ssrc, sequence)) {
                return false;
            }
        }
        int from = noiseOffset(ssrc, sequence);
        for (int i = stamped; i < len; i++) {
            if (buf[off + i] != NOISE[from]) {
                return false;
            }
            from = from + 1 == NOISE.length ? 0 : from + 1;
        }
        return true;
    }

    private static byte stampByte(int index, long ssrc, int sequence) {
        return index < 2 ? (byte) (sequence >>> (8 - 8 * index)) : (byte) (ssrc >>> (8 * (5 - index)));
    }

    /** Mixes both (a 64-bit finalizer) so neighbouring packets and streams get unrelated noise. */
    private static int noiseOffset(long ssrc, int sequence) {
        long h = (ssrc << 16 | (sequence & 0xFFFF)) * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 29;
        return (int) Math.floorMod(h, (long) NOISE.length);
    }
}

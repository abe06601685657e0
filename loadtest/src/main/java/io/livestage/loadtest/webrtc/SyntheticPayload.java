package io.livestage.loadtest.webrtc;

import java.util.SplittableRandom;

/**
 * Filler bytes for synthetic payloads, so a receiver can check byte for byte that it got the
 * publisher's payload: a stamp (the sequence number and SSRC, big-endian), the publisher's send
 * time, then pseudo-random noise (incompressible like encoded media, but not media) from a fixed
 * block, at an offset chosen by sequence number and SSRC. The send time is in the payload because
 * a forwarding server rewrites header extensions (it stamps its own abs-send-time) but never the
 * payload. Allocates nothing.
 */
final class SyntheticPayload {

    /** Sequence number (2 bytes) and SSRC (4 bytes); a shorter filler carries a prefix of it. */
    static final int STAMP_LENGTH = 6;
    /** The publisher's System.nanoTime() when it sent the packet, after the stamp. */
    static final int SENT_AT_LENGTH = 8;
    private static final int HEADER_LENGTH = STAMP_LENGTH + SENT_AT_LENGTH;
    private static final byte[] NOISE = new byte[4096];

    static {
        new SplittableRandom(0x5EED_F00DL).nextBytes(NOISE);
    }

    private SyntheticPayload() {
    }

    /** Writes {@code len} filler bytes for this packet, sent at {@code sentNanos}, to {@code buf[off]}. */
    static void fill(byte[] buf, int off, int len, long ssrc, int sequence, long sentNanos) {
        int stamped = Math.min(len, STAMP_LENGTH);
        for (int i = 0; i < stamped; i++) {
            buf[off + i] = stampByte(i, ssrc, sequence);
        }
        for (int i = stamped; i < Math.min(len, HEADER_LENGTH); i++) {
            buf[off + i] = (byte) (sentNanos >>> (8 * (HEADER_LENGTH - 1 - i)));
        }
        int from = noiseOffset(ssrc, sequence);
        int at = off + Math.min(len, HEADER_LENGTH);
        int left = len - Math.min(len, HEADER_LENGTH);
        while (left > 0) {
            int n = Math.min(left, NOISE.length - from);
            System.arraycopy(NOISE, from, buf, at, n);
            at += n;
            left -= n;
            from = 0;
        }
    }

    /**
     * True when {@code buf[off, off + len)} is exactly what {@link #fill} writes for this packet,
     * whatever its send time.
     */
    static boolean matches(byte[] buf, int off, int len, long ssrc, int sequence) {
        int stamped = Math.min(len, STAMP_LENGTH);
        for (int i = 0; i < stamped; i++) {
            if (buf[off + i] != stampByte(i, ssrc, sequence)) {
                return false;
            }
        }
        int from = noiseOffset(ssrc, sequence);
        for (int i = Math.min(len, HEADER_LENGTH); i < len; i++) {
            if (buf[off + i] != NOISE[from]) {
                return false;
            }
            from = from + 1 == NOISE.length ? 0 : from + 1;
        }
        return true;
    }

    /**
     * True when {@code buf[off, off + len)} is what {@link #fill} writes for the SSRC and sequence
     * number stamped in it: the payload is intact, though not which packet it belongs to. False when
     * too short to carry a whole stamp.
     */
    static boolean matchesOwnStamp(byte[] buf, int off, int len) {
        if (len < STAMP_LENGTH) {
            return false;
        }
        int sequence = (buf[off] & 0xFF) << 8 | (buf[off + 1] & 0xFF);
        long ssrc = (buf[off + 2] & 0xFFL) << 24 | (buf[off + 3] & 0xFF) << 16 | (buf[off + 4] & 0xFF) << 8
                | (buf[off + 5] & 0xFF);
        return matches(buf, off, len, ssrc, sequence);
    }

    /** The send time {@link #fill} wrote into {@code buf[off, off + len)}, or -1 when too short to hold one. */
    static long sentNanos(byte[] buf, int off, int len) {
        if (len < HEADER_LENGTH) {
            return -1;
        }
        long sent = 0;
        for (int i = STAMP_LENGTH; i < HEADER_LENGTH; i++) {
            sent = sent << 8 | (buf[off + i] & 0xFF);
        }
        return sent;
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

package io.livestage.loadtest.webrtc;

import java.util.SplittableRandom;

/**
 * Filler bytes for synthetic payloads: a fixed block of pseudo-random noise (incompressible like
 * encoded media, but not media) copied from rotating offsets, so producing a packet allocates nothing.
 */
final class SyntheticPayload {

    private static final byte[] NOISE = new byte[4096];

    static {
        new SplittableRandom(0x5EED_F00DL).nextBytes(NOISE);
    }

    private SyntheticPayload() {
    }

    /** Copies {@code len} noise bytes to {@code buf[off]}, starting at a position chosen by {@code salt}. */
    static void fill(byte[] buf, int off, int len, long salt) {
        int from = (int) Math.floorMod(salt * 131, (long) NOISE.length);
        while (len > 0) {
            int n = Math.min(len, NOISE.length - from);
            System.arraycopy(NOISE, from, buf, off, n);
            off += n;
            len -= n;
            from = 0;
        }
    }
}

package io.livestage.loadtest.bench;

import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Deterministic plaintext RTP packets of a VP8 video track as a browser sends them at about
 * 2.5 Mbit/s, 30 frames a second: every packet {@value #PACKET_LENGTH} bytes, {@value #PACKETS_PER_FRAME}
 * packets a frame, a keyframe every {@value #FRAMES_PER_KEYFRAME} frames. Headers carry the one-byte
 * extensions Chrome puts on video (mid, abs-send-time, transport-cc) and the VP8 payload descriptor
 * with a 15-bit picture id, so parsing and the keyframe check walk the same bytes as in production.
 * Packet {@code n} is always the same bytes, which lets a test compare a decrypted packet with it.
 */
final class Vp8Stream {
    static final int PACKET_LENGTH = 1200;
    static final int PACKETS_PER_FRAME = 8;
    static final int FRAMES_PER_KEYFRAME = 64;
    static final int PAYLOAD_TYPE = 96;
    static final long SSRC = 0x5EED_CAFEL;
    static final int HEADER_LENGTH = 12 + 4 + 12;

    private static final int FIRST_SEQUENCE = 4000;
    private static final long FIRST_TIMESTAMP = 1_000_000L;
    private static final int TICKS_PER_FRAME = 90_000 / 30;
    private static final int MID_ID = BenchStages.MID_ID;
    private static final int ABS_SEND_TIME_ID = BenchStages.ABS_SEND_TIME_ID;
    private static final int TRANSPORT_CC_ID = BenchStages.TRANSPORT_CC_ID;

    private Vp8Stream() {
    }

    static boolean startsKeyframe(int n) {
        return n % (PACKETS_PER_FRAME * FRAMES_PER_KEYFRAME) == 0;
    }

    static int sequenceNumber(int n) {
        return (FIRST_SEQUENCE + n) & 0xFFFF;
    }

    /** Writes packet {@code n} of the stream to {@code out[0, PACKET_LENGTH)}. */
    static void write(int n, byte[] out) {
        int frame = n / PACKETS_PER_FRAME;
        boolean first = n % PACKETS_PER_FRAME == 0;
        boolean last = n % PACKETS_PER_FRAME == PACKETS_PER_FRAME - 1;
        out[0] = (byte) 0x90; // version 2, extension bit
        out[1] = (byte) ((last ? 0x80 : 0) | PAYLOAD_TYPE);
        NetworkOrder.putUint16(out, 2, sequenceNumber(n));
        NetworkOrder.putUint32(out, 4, FIRST_TIMESTAMP + (long) frame * TICKS_PER_FRAME);
        NetworkOrder.putUint32(out, 8, SSRC);

        NetworkOrder.putUint16(out, 12, 0xBEDE);
        NetworkOrder.putUint16(out, 14, 3); // 12 bytes: 9 of elements, 3 of padding
        int p = 16;
        out[p++] = (byte) (MID_ID << 4);
        out[p++] = '0';
        out[p++] = (byte) (ABS_SEND_TIME_ID << 4 | 2);
        NetworkOrder.putUint24(out, p, n * 37);
        p += 3;
        out[p++] = (byte) (TRANSPORT_CC_ID << 4 | 1);
        NetworkOrder.putUint16(out, p, n);
        p += 2;
        out[p++] = 0;
        out[p++] = 0;
        out[p++] = 0;

        // VP8 payload descriptor: X, S on a frame's first packet, partition 0; I with a 15-bit picture id.
        out[p++] = (byte) (0x80 | (first ? 0x10 : 0));
        out[p++] = (byte) 0x80;
        NetworkOrder.putUint16(out, p, 0x8000 | (frame & 0x7FFF));
        p += 2;
        if (first) {
            boolean key = startsKeyframe(n);
            // Frame tag (P bit clear on keyframes), then a keyframe's start code and 1280x720.
            out[p++] = (byte) (key ? 0x10 : 0x11);
            out[p++] = 0x02;
            out[p++] = 0x00;
            if (key) {
                out[p++] = (byte) 0x9D;
                out[p++] = 0x01;
                out[p++] = 0x2A;
                // Width and height are little-endian in the VP8 header (RFC 6386 section 9.1).
                out[p++] = 0x00;
                out[p++] = 0x05;
                out[p++] = (byte) 0xD0;
                out[p++] = 0x02;
            }
        }
        // The rest stands for compressed video: different in every packet, so a test comparing
        // decrypted bytes would notice a packet decrypted with the wrong index or keystream.
        long x = 0x9E37_79B9_7F4A_7C15L * (n + 1);
        for (int i = p; i < PACKET_LENGTH; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            out[i] = (byte) x;
        }
    }
}

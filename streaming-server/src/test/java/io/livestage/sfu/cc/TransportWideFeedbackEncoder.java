package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.TransportCcFeedback;
import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Writes transport-cc feedback as a subscriber would (test-only): the reported packets' arrival
 * times on the receiver's clock are quantized to 250 µs ticks from a 64 ms reference time, and
 * statuses go into 2-bit status vector chunks. Its buffers are made once, so encoding allocates
 * nothing and steady-state tests can use it.
 */
final class TransportWideFeedbackEncoder {

    static final int MAX_PACKETS = 4096;

    private static final long LOST = Long.MIN_VALUE;
    private static final int SYMBOLS_PER_CHUNK = 7;
    private static final int TICKS_PER_REFERENCE = TransportCcFeedback.REFERENCE_TIME_TICK_MICROS
            / TransportCcFeedback.DELTA_TICK_MICROS;

    private final long[] arrivalMicros = new long[MAX_PACKETS];
    private final int[] symbols = new int[MAX_PACKETS];
    private final int[] deltaTicks = new int[MAX_PACKETS];
    private final byte[] buf = new byte[20 + 2 * (MAX_PACKETS / SYMBOLS_PER_CHUNK + 1) + 2 * MAX_PACKETS + 4];
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private int baseSequence;
    private int count;
    private int feedbackCount;

    /** Begins a feedback packet whose first entry is {@code baseSequence} (taken modulo 2^16). */
    TransportWideFeedbackEncoder start(int baseSequence) {
        this.baseSequence = baseSequence & 0xFFFF;
        this.count = 0;
        return this;
    }

    TransportWideFeedbackEncoder received(long arrivedAtMicros) {
        arrivalMicros[count++] = arrivedAtMicros;
        return this;
    }

    TransportWideFeedbackEncoder lost() {
        arrivalMicros[count++] = LOST;
        return this;
    }

    /** The encoded packet, read back through the production parser. */
    TransportCcFeedback feedback() {
        int length = encode();
        if (!reader.wrap(buf, 0, length) || reader.next() != RtcpKind.TRANSPORT_CC) {
            throw new IllegalStateException("encoded feedback does not parse");
        }
        return reader.transportCc();
    }

    byte[] buffer() {
        return buf;
    }

    /** Encodes into {@link #buffer()}; returns the length, padding included. */
    int encode() {
        long referenceTime = referenceTime();
        long previousTick = referenceTime * TICKS_PER_REFERENCE;
        for (int i = 0; i < count; i++) {
            if (arrivalMicros[i] == LOST) {
                symbols[i] = TransportCcFeedback.NOT_RECEIVED;
                continue;
            }
            long tick = Math.floorDiv(arrivalMicros[i], TransportCcFeedback.DELTA_TICK_MICROS);
            long delta = tick - previousTick;
            if (delta != (short) delta) {
                throw new IllegalArgumentException("arrival delta does not fit 16 bits: " + delta);
            }
            previousTick = tick;
            deltaTicks[i] = (int) delta;
            boolean small = delta >= 0 && delta <= 0xFF;
            symbols[i] = small ? TransportCcFeedback.SMALL_DELTA : TransportCcFeedback.LARGE_DELTA;
        }
        buf[1] = (byte) 205; // RTPFB
        NetworkOrder.putUint32(buf, 4, 0x11223344L); // sender SSRC
        NetworkOrder.putUint32(buf, 8, 0x55667788L); // media SSRC
        NetworkOrder.putUint16(buf, 12, baseSequence);
        NetworkOrder.putUint16(buf, 14, count);
        NetworkOrder.putUint24(buf, 16, (int) referenceTime); // 24-bit field: wraps
        buf[19] = (byte) feedbackCount++;
        int p = writeDeltas(writeChunks(20));
        int padding = (4 - p % 4) % 4;
        for (int k = 1; k <= padding; k++) {
            buf[p++] = (byte) (k == padding ? padding : 0);
        }
        buf[0] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | 15); // V=2, P, FMT=15 transport-cc
        NetworkOrder.putUint16(buf, 2, p / 4 - 1);
        return p;
    }

    /** In 64 ms ticks, from the first received packet (so its delta is small), 0 when none was. */
    private long referenceTime() {
        for (int i = 0; i < count; i++) {
            if (arrivalMicros[i] != LOST) {
                return Math.floorDiv(arrivalMicros[i], TransportCcFeedback.REFERENCE_TIME_TICK_MICROS);
            }
        }
        return 0;
    }

    private int writeChunks(int p) {
        for (int first = 0; first < count; first += SYMBOLS_PER_CHUNK) {
            int chunk = 0xC000; // status vector, 2-bit symbols
            for (int k = 0; k < SYMBOLS_PER_CHUNK && first + k < count; k++) {
                chunk |= symbols[first + k] << (12 - 2 * k);
            }
            NetworkOrder.putUint16(buf, p, chunk);
            p += 2;
        }
        return p;
    }

    private int writeDeltas(int p) {
        for (int i = 0; i < count; i++) {
            if (symbols[i] == TransportCcFeedback.SMALL_DELTA) {
                buf[p++] = (byte) deltaTicks[i];
            } else if (symbols[i] == TransportCcFeedback.LARGE_DELTA) {
                NetworkOrder.putUint16(buf, p, deltaTicks[i]);
                p += 2;
            }
        }
        return p;
    }
}

package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.TransportCcFeedback;
import io.livestage.sfu.rtcp.TransportCcFeedbackWriter;

/**
 * Feedback as a subscriber would report it (test-only), written by the production
 * {@link TransportCcFeedbackWriter}: the reported packets' arrival times on the receiver's clock
 * become 250 µs ticks from a 64 ms reference time taken from the first received packet. Its
 * buffers are made once, so encoding allocates nothing and steady-state tests can use it.
 */
final class TransportWideFeedbackEncoder {

    static final int MAX_PACKETS = 4096;

    private static final long LOST = Long.MIN_VALUE;
    private static final int CAPACITY = 1500;
    private static final int TICKS_PER_REFERENCE = TransportCcFeedback.REFERENCE_TIME_TICK_MICROS
            / TransportCcFeedback.DELTA_TICK_MICROS;

    private final long[] arrivalMicros = new long[MAX_PACKETS];
    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(CAPACITY);
    private final byte[] buf = new byte[CAPACITY];
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
        long referenceTime = referenceTime();
        writer.begin(baseSequence, (int) referenceTime, feedbackCount++, CAPACITY);
        long previousTick = referenceTime * TICKS_PER_REFERENCE;
        for (int i = 0; i < count; i++) {
            boolean added;
            if (arrivalMicros[i] == LOST) {
                added = writer.addNotReceived();
            } else {
                long tick = Math.floorDiv(arrivalMicros[i], TransportCcFeedback.DELTA_TICK_MICROS);
                added = writer.addReceived(tick - previousTick);
                previousTick = tick;
            }
            if (!added) {
                throw new IllegalArgumentException("entry " + i + " does not fit one feedback packet");
            }
        }
        int length = writer.write(buf, 0, 0x11223344L, 0x55667788L);
        if (!reader.wrap(buf, 0, length) || reader.next() != RtcpKind.TRANSPORT_CC) {
            throw new IllegalStateException("encoded feedback does not parse");
        }
        return reader.transportCc();
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
}

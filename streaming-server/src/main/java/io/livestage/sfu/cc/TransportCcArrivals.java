package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.TransportCcFeedback;
import io.livestage.sfu.rtcp.TransportCcFeedbackWriter;

/**
 * What a publisher's transport-wide sequence numbers tell its bandwidth estimator: when each
 * packet arrived, reported back as transport-cc feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01).
 *
 * <p>Arrival times live in a ring indexed by the unwrapped sequence number. Everything from the
 * first unreported number to the highest seen is reported, gaps as "not received". A window wider
 * than the ring loses its oldest unreported entries; a jump of a ring's length or more, either
 * way, starts over from the new number, since the sender's counter can't be that far off unless
 * it restarted. One instance per publisher transport, used on its event loop; no allocation after
 * construction.
 */
public final class TransportCcArrivals {

    /** Keeps the feedback plus a receiver report in one SRTCP datagram well under a 1,200-byte MTU budget. */
    static final int MAX_FEEDBACK_LENGTH = 1100;

    private static final int CAPACITY = 8192;
    private static final int MASK = CAPACITY - 1;
    private static final long NOT_RECEIVED = Long.MIN_VALUE;
    private static final int REFERENCE_TIME_MICROS = TransportCcFeedback.REFERENCE_TIME_TICK_MICROS;
    private static final int DELTA_MICROS = TransportCcFeedback.DELTA_TICK_MICROS;
    private static final int TICKS_PER_REFERENCE_TIME = REFERENCE_TIME_MICROS / DELTA_MICROS;

    private final long[] arrivals = new long[CAPACITY];
    private final TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(MAX_FEEDBACK_LENGTH);
    private boolean started;
    private long highest;
    private long nextToReport;
    private long feedbackPackets;

    public TransportCcArrivals() {
    }

    /**
     * A packet carrying the transport-wide sequence number (16-bit wire value) arrived at
     * arrivalMicros (monotonic clock, µs).
     *
     * @return true when this arrival reveals a gap (a sequence number skipped since the highest
     *     seen), so the caller may send feedback sooner
     */
    public boolean record(int transportSequenceNumber, long arrivalMicros) {
        int wire = transportSequenceNumber & 0xFFFF;
        if (!started) {
            started = true;
            startAt(wire, arrivalMicros);
            return false;
        }
        long seq = highest + (short) (wire - (int) (highest & 0xFFFF));
        if (seq > highest) {
            return advanceTo(seq, arrivalMicros);
        }
        if (seq >= nextToReport) {
            int slot = (int) (seq & MASK);
            if (arrivals[slot] == NOT_RECEIVED) {
                arrivals[slot] = arrivalMicros;
            }
        } else if (highest - seq >= CAPACITY) {
            startAt(seq, arrivalMicros);
        }
        return false;
    }

    private boolean advanceTo(long seq, long arrivalMicros) {
        long jump = seq - highest;
        if (jump >= CAPACITY) {
            startAt(seq, arrivalMicros);
            return true;
        }
        for (long s = highest + 1; s < seq; s++) {
            arrivals[(int) (s & MASK)] = NOT_RECEIVED;
        }
        arrivals[(int) (seq & MASK)] = arrivalMicros;
        highest = seq;
        nextToReport = Math.max(nextToReport, seq - MASK);
        return jump > 1;
    }

    private void startAt(long seq, long arrivalMicros) {
        arrivals[(int) (seq & MASK)] = arrivalMicros;
        highest = seq;
        nextToReport = seq;
    }

    /** Whether arrivals are waiting to be reported. */
    public boolean hasUnreported() {
        return started && nextToReport <= highest;
    }

    /**
     * Writes the next feedback packet about arrivals not yet reported into dst[off, off+maxLength);
     * call again until it returns -1 (nothing more to report) — a long stretch, or a delta that
     * doesn't fit in 16 bits, needs several packets. A packet is at most 1,100 bytes whatever
     * maxLength allows.
     *
     * @return bytes written, or -1
     */
    public int writeFeedback(byte[] dst, int off, int maxLength, long senderSsrc, long mediaSsrc) {
        if (!hasUnreported() || dst == null || off < 0 || off > dst.length) {
            return -1;
        }
        long first = nextToReport;
        while (first < highest && arrivals[(int) (first & MASK)] == NOT_RECEIVED) {
            first++;
        }
        long referenceTime = Math.floorDiv(arrivals[(int) (first & MASK)], REFERENCE_TIME_MICROS);
        long previousTicks = referenceTime * TICKS_PER_REFERENCE_TIME;
        int limit = Math.min(maxLength, dst.length - off);
        writer.begin((int) nextToReport, (int) referenceTime, (int) feedbackPackets, limit);
        long seq = nextToReport;
        for (; seq <= highest; seq++) {
            long arrival = arrivals[(int) (seq & MASK)];
            if (arrival == NOT_RECEIVED) {
                if (!writer.addNotReceived()) {
                    break;
                }
            } else {
                long ticks = Math.floorDiv(arrival, DELTA_MICROS);
                if (!writer.addReceived(ticks - previousTicks)) {
                    break;
                }
                previousTicks = ticks;
            }
        }
        if (seq == nextToReport) {
            return -1;
        }
        nextToReport = seq;
        feedbackPackets++;
        return writer.write(dst, off, senderSsrc, mediaSsrc);
    }

    /** Feedback packets written so far (its low 8 bits are the next packet's feedback count). */
    public long feedbackPackets() {
        return feedbackPackets;
    }
}

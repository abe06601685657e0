package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01,
 * RTPFB format 15): for a run of transport sequence numbers from a base, whether each packet
 * arrived and, if so, its arrival delta from the previous one in 250 µs ticks.
 *
 * <p>{@link #wrap} decodes the run-length and status-vector chunks and the deltas into arrays the
 * view keeps between packets. They grow to the largest status count seen (at most
 * {@value #MAX_STATUS_COUNT} entries; a packet claiming more is refused) and are then reused, so
 * the steady state allocates nothing.
 */
public final class TransportCcFeedback extends RtcpFeedbackPacket {

    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;
    public static final int DELTA_TICK_MICROS = 250;
    public static final int REFERENCE_TIME_TICK_MICROS = 64_000;

    private static final int CHUNKS_OFFSET = 20;
    /**
     * The most statuses we read from one packet. A few run-length chunks can claim 65,535 packets;
     * nobody sends that much feedback at once, and more than our send records keep is of no use.
     */
    static final int MAX_STATUS_COUNT = 16_384;

    private byte[] statuses = new byte[256];
    private short[] deltas = new short[256];
    private int count;

    TransportCcFeedback() {
    }

    boolean wrap(byte[] buf, int off, int len) {
        if (len < CHUNKS_OFFSET) {
            return false;
        }
        int statusCount = NetworkOrder.uint16(buf, off + 14);
        if (statusCount > MAX_STATUS_COUNT) {
            return false;
        }
        if (statuses.length < statusCount) {
            statuses = new byte[statusCount];
            deltas = new short[statusCount];
        }
        int end = off + len;
        int p = readChunks(buf, off + CHUNKS_OFFSET, end, statusCount);
        if (p < 0 || readDeltas(buf, p, end, statusCount) < 0) {
            return false;
        }
        count = statusCount;
        return wrapFeedback(buf, off, len, CHUNKS_OFFSET - FCI_OFFSET);
    }

    private int readChunks(byte[] buf, int p, int end, int statusCount) {
        int n = 0;
        while (n < statusCount) {
            if (end - p < 2) {
                return -1;
            }
            int chunk = NetworkOrder.uint16(buf, p);
            p += 2;
            if ((chunk & 0x8000) == 0) {
                byte symbol = (byte) ((chunk >>> 13) & 0x3);
                int run = Math.min(chunk & 0x1FFF, statusCount - n);
                for (int k = 0; k < run; k++) {
                    statuses[n++] = symbol;
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int shift = 13; shift >= 0 && n < statusCount; shift--) {
                    statuses[n++] = (byte) ((chunk >>> shift) & 0x1);
                }
            } else {
                for (int shift = 12; shift >= 0 && n < statusCount; shift -= 2) {
                    statuses[n++] = (byte) ((chunk >>> shift) & 0x3);
                }
            }
        }
        return p;
    }

    private int readDeltas(byte[] buf, int p, int end, int statusCount) {
        for (int i = 0; i < statusCount; i++) {
            switch (statuses[i]) {
                case NOT_RECEIVED:
                    deltas[i] = 0;
                    break;
                case SMALL_DELTA:
                    if (p >= end) {
                        return -1;
                    }
                    deltas[i] = (short) (buf[p++] & 0xFF);
                    break;
                case LARGE_DELTA:
                    if (end - p < 2) {
                        return -1;
                    }
                    deltas[i] = (short) NetworkOrder.uint16(buf, p);
                    p += 2;
                    break;
                default:
                    return -1;
            }
        }
        return p;
    }

    public int baseSequenceNumber() {
        return NetworkOrder.uint16(buf, off + 12);
    }

    public int packetStatusCount() {
        return count;
    }

    /** Signed, in multiples of 64 ms. */
    public int referenceTime() {
        return NetworkOrder.int24(buf, off + 16);
    }

    public long referenceTimeMicros() {
        return (long) referenceTime() * REFERENCE_TIME_TICK_MICROS;
    }

    /** Counts feedback packets, so the sender can tell when one was lost. */
    public int feedbackPacketCount() {
        return buf[off + 19] & 0xFF;
    }

    /** The transport sequence number of entry {@code i}. */
    public int sequenceNumber(int i) {
        return (baseSequenceNumber() + Objects.checkIndex(i, count)) & 0xFFFF;
    }

    /** {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}. */
    public int status(int i) {
        return statuses[Objects.checkIndex(i, count)];
    }

    public boolean isReceived(int i) {
        return status(i) != NOT_RECEIVED;
    }

    /** Arrival delta from the previous received packet in 250 µs ticks; signed; 0 when not received. */
    public int deltaTicks(int i) {
        return deltas[Objects.checkIndex(i, count)];
    }

    public long deltaMicros(int i) {
        return (long) deltaTicks(i) * DELTA_TICK_MICROS;
    }
}

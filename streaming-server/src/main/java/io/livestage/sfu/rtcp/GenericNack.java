package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/**
 * A generic NACK (RFC 4585 section 6.2.1): FCI entries of a packet id (PID) and a bitmask of the
 * 16 following lost packets (BLP).
 */
public final class GenericNack extends RtcpFeedbackPacket {

    static final int ENTRY_LENGTH = 4;

    GenericNack() {
    }

    boolean wrap(byte[] buf, int off, int len) {
        return wrapFeedback(buf, off, len, ENTRY_LENGTH);
    }

    public int entryCount() {
        return (len - FCI_OFFSET) / ENTRY_LENGTH;
    }

    public int packetId(int i) {
        return NetworkOrder.uint16(buf, entry(i));
    }

    public int lostBitmask(int i) {
        return NetworkOrder.uint16(buf, entry(i) + 2);
    }

    /** Number of sequence numbers the entries name (duplicates across entries included). */
    public int lostCount() {
        int count = 0;
        for (int i = 0, n = entryCount(); i < n; i++) {
            count += 1 + Integer.bitCount(lostBitmask(i));
        }
        return count;
    }

    /**
     * Expands the entries into the lost sequence numbers, in order.
     *
     * @return how many were written; at most {@code out.length}, the rest are dropped
     */
    public int lostSequenceNumbers(int[] out) {
        int n = 0;
        for (int i = 0, entries = entryCount(); i < entries && n < out.length; i++) {
            int pid = packetId(i);
            int blp = lostBitmask(i);
            out[n++] = pid;
            for (int bit = 0; bit < 16 && n < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[n++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return n;
    }

    private int entry(int i) {
        return off + FCI_OFFSET + ENTRY_LENGTH * Objects.checkIndex(i, entryCount());
    }
}

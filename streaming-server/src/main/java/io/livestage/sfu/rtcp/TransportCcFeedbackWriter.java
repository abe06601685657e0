package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Builds one transport-wide congestion control feedback packet at a time
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01, RTPFB format 15), the receiver's side of
 * {@link TransportCcFeedback}.
 *
 * <p>{@link #begin} a packet, add one status per transport sequence number from the base on, then
 * {@link #write} it. Chunks are chosen as statuses arrive: a run-length chunk for a run of one
 * symbol that no vector could hold, else a one-bit vector of 14 when no delta is large, else a
 * two-bit vector of 7. Because the chunking is decided online, {@link #length()} is exact at any
 * moment and an add is refused when the packet might outgrow the limit given to {@link #begin}.
 *
 * <p>Arrays are sized once from the largest packet; nothing is allocated per packet. Not
 * thread-safe: one writer per event loop or per transport.
 */
public final class TransportCcFeedbackWriter {

    public static final int HEADER_LENGTH = 20;
    /** Header, one chunk and one large delta, padded: the smallest limit that takes any status. */
    public static final int MIN_LENGTH = 24;

    private static final int NOT_RECEIVED = TransportCcFeedback.NOT_RECEIVED;
    private static final int SMALL_DELTA = TransportCcFeedback.SMALL_DELTA;
    private static final int LARGE_DELTA = TransportCcFeedback.LARGE_DELTA;
    private static final int MAX_STATUS_COUNT = 0xFFFF;
    private static final int MAX_RUN = 0x1FFF;
    private static final int ONE_BIT_SYMBOLS = 14;
    private static final int TWO_BIT_SYMBOLS = 7;
    private static final int MAX_LENGTH = 4 * 0x10000;

    private final int capacity;
    private final byte[] chunks;
    private final byte[] deltas;
    /** Statuses not yet in a chunk; a run may be longer than this, then only its start is kept. */
    private final byte[] pending = new byte[ONE_BIT_SYMBOLS + 1];
    private int pendingCount;
    private boolean pendingIsRun;
    private int chunkBytes;
    private int deltaBytes;
    private int statusCount;
    private int baseSequenceNumber;
    private int referenceTime;
    private int feedbackPacketCount;
    private int maxLength;

    /** @param capacity the largest packet this writer will ever build, in bytes */
    public TransportCcFeedbackWriter(int capacity) {
        if (capacity < MIN_LENGTH || capacity > MAX_LENGTH) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.chunks = new byte[capacity];
        this.deltas = new byte[capacity];
    }

    /**
     * Starts a packet, forgetting any unwritten one.
     *
     * @param referenceTime in multiples of 64 ms; only its low 24 bits go on the wire
     * @param feedbackPacketCount only its low 8 bits go on the wire
     * @param maxLength the packet will not grow past this (nor past the capacity)
     */
    public void begin(int baseSequenceNumber, int referenceTime, int feedbackPacketCount, int maxLength) {
        this.baseSequenceNumber = baseSequenceNumber & 0xFFFF;
        this.referenceTime = referenceTime & 0xFFFFFF;
        this.feedbackPacketCount = feedbackPacketCount & 0xFF;
        this.maxLength = Math.min(maxLength, capacity);
        pendingCount = 0;
        pendingIsRun = false;
        chunkBytes = 0;
        deltaBytes = 0;
        statusCount = 0;
    }

    /** The next sequence number did not arrive. @return false, adding nothing, when it might not fit */
    public boolean addNotReceived() {
        if (!fits(0)) {
            return false;
        }
        addSymbol(NOT_RECEIVED);
        return true;
    }

    /**
     * The next sequence number arrived {@code deltaTicks} × 250 µs after the previous received one
     * (after the reference time for the packet's first). @return false, adding nothing, when the
     * delta is outside 16 signed bits or might not fit
     */
    public boolean addReceived(long deltaTicks) {
        if (deltaTicks < Short.MIN_VALUE || deltaTicks > Short.MAX_VALUE) {
            return false;
        }
        boolean small = deltaTicks >= 0 && deltaTicks <= 0xFF;
        if (!fits(small ? 1 : 2)) {
            return false;
        }
        if (small) {
            deltas[deltaBytes++] = (byte) deltaTicks;
        } else {
            NetworkOrder.putUint16(deltas, deltaBytes, (int) deltaTicks);
            deltaBytes += 2;
        }
        addSymbol(small ? SMALL_DELTA : LARGE_DELTA);
        return true;
    }

    /** An add never grows the chunks by more than one chunk, so this bound is safe. */
    private boolean fits(int deltaLength) {
        return statusCount < MAX_STATUS_COUNT && padded(unpaddedLength() + 2 + deltaLength) <= maxLength;
    }

    public int statusCount() {
        return statusCount;
    }

    /** The bytes {@link #write} would write now, padding included. */
    public int length() {
        return padded(unpaddedLength());
    }

    private int unpaddedLength() {
        return HEADER_LENGTH + chunkBytes + (pendingCount > 0 ? 2 : 0) + deltaBytes;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Writes the packet. The draft pads the deltas with zero bytes to a 32-bit boundary; the RTCP
     * padding bit stays clear. The packet stays as it is, so it can be written again.
     *
     * @return bytes written, or -1 when no status was added or {@code dst} has no room
     */
    public int write(byte[] dst, int off, long senderSsrc, long mediaSsrc) {
        int total = length();
        if (statusCount == 0 || !NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpReportWriter.writeHeader(dst, off, RtcpPacketType.FMT_TRANSPORT_CC, RtcpPacketType.RTPFB, total);
        NetworkOrder.putUint32(dst, off + 4, senderSsrc);
        NetworkOrder.putUint32(dst, off + 8, mediaSsrc);
        NetworkOrder.putUint16(dst, off + 12, baseSequenceNumber);
        NetworkOrder.putUint16(dst, off + 14, statusCount);
        NetworkOrder.putUint24(dst, off + 16, referenceTime);
        dst[off + 19] = (byte) feedbackPacketCount;
        int p = off + HEADER_LENGTH;
        System.arraycopy(chunks, 0, dst, p, chunkBytes);
        p += chunkBytes;
        if (pendingCount > 0) {
            NetworkOrder.putUint16(dst, p, pendingChunk());
            p += 2;
        }
        System.arraycopy(deltas, 0, dst, p, deltaBytes);
        p += deltaBytes;
        while (p < off + total) {
            dst[p++] = 0;
        }
        return total;
    }

    /**
     * Keeps the pending statuses encodable as one chunk, emitting at most one chunk per call
     * (which {@link #fits} relies on).
     */
    private void addSymbol(int symbol) {
        statusCount++;
        if (pendingIsRun && pending[0] == symbol) {
            if (pendingCount < pending.length) {
                pending[pendingCount] = (byte) symbol;
            }
            if (++pendingCount == MAX_RUN) {
                emitRun();
            }
            return;
        }
        // A run no vector could hold together with the new symbol costs one chunk as a run; splitting
        // it into vectors would cost more.
        if (pendingIsRun && pendingCount + 1 > vectorSymbols(pending[0] == LARGE_DELTA || symbol == LARGE_DELTA)) {
            emitRun();
        }
        pending[pendingCount++] = (byte) symbol;
        pendingIsRun = pendingCount == 1;
        if (!pendingFitsOneChunk()) {
            emitVector(pendingCount > ONE_BIT_SYMBOLS && !hasLargeDelta(ONE_BIT_SYMBOLS)
                    ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS);
        }
    }

    private static int vectorSymbols(boolean largeDelta) {
        return largeDelta ? TWO_BIT_SYMBOLS : ONE_BIT_SYMBOLS;
    }

    private boolean pendingFitsOneChunk() {
        return pendingIsRun || pendingCount <= vectorSymbols(hasLargeDelta(pendingCount));
    }

    private boolean hasLargeDelta(int count) {
        for (int i = 0; i < count; i++) {
            if (pending[i] == LARGE_DELTA) {
                return true;
            }
        }
        return false;
    }

    private int pendingChunk() {
        if (pendingIsRun) {
            return (pending[0] << 13) | pendingCount;
        }
        return vectorChunk(vectorSymbols(hasLargeDelta(pendingCount)), pendingCount);
    }

    /** A vector of {@code symbols} slots holding the first {@code count} pending statuses. */
    private int vectorChunk(int symbols, int count) {
        int chunk;
        if (symbols == ONE_BIT_SYMBOLS) {
            chunk = 0x8000;
            for (int i = 0; i < count; i++) {
                chunk |= pending[i] << (13 - i);
            }
        } else {
            chunk = 0xC000;
            for (int i = 0; i < count; i++) {
                chunk |= pending[i] << (12 - 2 * i);
            }
        }
        return chunk;
    }

    private void emitRun() {
        putChunk((pending[0] << 13) | pendingCount);
        pendingCount = 0;
        pendingIsRun = false;
    }

    private void emitVector(int symbols) {
        putChunk(vectorChunk(symbols, symbols));
        pendingCount -= symbols;
        System.arraycopy(pending, symbols, pending, 0, pendingCount);
        pendingIsRun = pendingCount > 0;
        for (int i = 1; i < pendingCount; i++) {
            pendingIsRun &= pending[i] == pending[0];
        }
    }

    private void putChunk(int chunk) {
        NetworkOrder.putUint16(chunks, chunkBytes, chunk);
        chunkBytes += 2;
    }
}

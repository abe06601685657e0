package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.nio.charset.StandardCharsets;

/**
 * A source description, SDES (RFC 3550 section 6.5), read chunk by chunk with a cursor:
 * {@code while (sdes.nextChunk()) { sdes.chunkSsrc(); sdes.cnameOffset(); ... }}.
 * {@link #wrap} has already checked every chunk, so the cursor never leaves the packet.
 */
public final class SdesPacket {

    static final int ITEM_END = 0;
    static final int ITEM_CNAME = 1;

    private byte[] buf;
    private int packetOffset;
    private int start;
    private int end;
    private int chunkCount;
    private int cursor;
    private int chunkIndex;
    private int chunkOffset;
    private int cnameOffset;
    private int cnameLength;

    SdesPacket() {
    }

    boolean wrap(byte[] buf, int off, int len, int count) {
        int p = off + 4;
        int end = off + len;
        for (int i = 0; i < count; i++) {
            p = skipChunk(buf, off, p, end);
            if (p < 0) {
                return false;
            }
        }
        this.buf = buf;
        this.packetOffset = off;
        this.start = off + 4;
        this.end = end;
        this.chunkCount = count;
        rewind();
        return true;
    }

    /** @return the offset after the chunk, or -1 when it runs past {@code end} */
    private static int skipChunk(byte[] buf, int packetOffset, int p, int end) {
        if (end - p < 8) {
            return -1;
        }
        p += 4;
        while (true) {
            if (p >= end) {
                return -1;
            }
            if (buf[p] == ITEM_END) {
                // The item list ends with a null octet, then pads to the next 32-bit boundary.
                int chunkEnd = packetOffset + ((p + 1 - packetOffset + 3) & ~3);
                return chunkEnd <= end ? chunkEnd : -1;
            }
            if (end - p < 2 || (buf[p + 1] & 0xFF) > end - p - 2) {
                return -1;
            }
            p += 2 + (buf[p + 1] & 0xFF);
        }
    }

    public int chunkCount() {
        return chunkCount;
    }

    /** Restarts the chunk cursor. */
    public void rewind() {
        cursor = start;
        chunkIndex = -1;
        cnameOffset = -1;
        cnameLength = 0;
    }

    /** Advances to the next chunk; false when there are no more. */
    public boolean nextChunk() {
        if (chunkIndex + 1 >= chunkCount) {
            return false;
        }
        chunkIndex++;
        chunkOffset = cursor;
        cnameOffset = -1;
        cnameLength = 0;
        int p = cursor + 4;
        while (buf[p] != ITEM_END) {
            int itemLength = buf[p + 1] & 0xFF;
            if (buf[p] == ITEM_CNAME && cnameOffset < 0) {
                cnameOffset = p + 2;
                cnameLength = itemLength;
            }
            p += 2 + itemLength;
        }
        cursor = skipChunk(buf, packetOffset, chunkOffset, end);
        return true;
    }

    public long chunkSsrc() {
        return NetworkOrder.uint32(buf, chunkOffset);
    }

    /** Absolute offset of the current chunk's CNAME text, or -1 when it has none. */
    public int cnameOffset() {
        return cnameOffset;
    }

    public int cnameLength() {
        return cnameLength;
    }

    /** The CNAME as a string, for the control path (allocates); null when absent. */
    public String cname() {
        return cnameOffset < 0 ? null : new String(buf, cnameOffset, cnameLength, StandardCharsets.UTF_8);
    }
}

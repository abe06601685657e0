package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Writes a source description (RFC 3550 section 6.5) with one chunk carrying a CNAME, the one
 * item every compound RTCP packet must include (section 6.1). Returns the bytes written, or -1
 * when {@code dst} has no room or the CNAME does not fit an item (nothing is written then).
 */
public final class RtcpSdesWriter {

    /** An SDES item's length is one octet. */
    public static final int MAX_CNAME_LENGTH = 255;
    private static final int CHUNK_SSRC_LENGTH = 4;
    private static final int ITEM_HEADER_LENGTH = 2;

    private RtcpSdesWriter() {
    }

    /** The packet length for a CNAME of {@code cnameLength} bytes. */
    public static int length(int cnameLength) {
        // The item list ends with at least one null octet, then pads the chunk to 32 bits.
        int items = ITEM_HEADER_LENGTH + cnameLength + 1;
        return RtcpCompoundReader.HEADER_LENGTH + CHUNK_SSRC_LENGTH + ((items + 3) & ~3);
    }

    /** An SDES packet of one chunk: {@code ssrc} and its CNAME, given as UTF-8 bytes prepared once. */
    public static int writeCname(byte[] dst, int off, long ssrc, byte[] cname) {
        if (cname.length < 1 || cname.length > MAX_CNAME_LENGTH) {
            return -1;
        }
        int total = length(cname.length);
        if (!NetworkOrder.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpReportWriter.writeHeader(dst, off, 1, RtcpPacketType.SDES, total);
        int p = off + RtcpCompoundReader.HEADER_LENGTH;
        NetworkOrder.putUint32(dst, p, ssrc);
        p += CHUNK_SSRC_LENGTH;
        dst[p++] = SdesPacket.ITEM_CNAME;
        dst[p++] = (byte) cname.length;
        System.arraycopy(cname, 0, dst, p, cname.length);
        for (p += cname.length; p < off + total; p++) {
            dst[p] = SdesPacket.ITEM_END;
        }
        return total;
    }
}

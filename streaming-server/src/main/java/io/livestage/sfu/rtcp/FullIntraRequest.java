package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;
import java.util.Objects;

/**
 * A full intra request, FIR (RFC 5104 section 4.3.1): FCI entries of the target SSRC and a
 * command sequence number, so a repeated request can be told from a new one.
 */
public final class FullIntraRequest extends RtcpFeedbackPacket {

    static final int ENTRY_LENGTH = 8;

    FullIntraRequest() {
    }

    boolean wrap(byte[] buf, int off, int len) {
        return wrapFeedback(buf, off, len, ENTRY_LENGTH);
    }

    public int entryCount() {
        return (len - FCI_OFFSET) / ENTRY_LENGTH;
    }

    public long entrySsrc(int i) {
        return NetworkOrder.uint32(buf, entry(i));
    }

    public int entrySequenceNumber(int i) {
        return buf[entry(i) + 4] & 0xFF;
    }

    private int entry(int i) {
        return off + FCI_OFFSET + ENTRY_LENGTH * Objects.checkIndex(i, entryCount());
    }
}

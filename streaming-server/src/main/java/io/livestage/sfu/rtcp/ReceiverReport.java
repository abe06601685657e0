package io.livestage.sfu.rtcp;

/** A receiver report, RR (RFC 3550 section 6.4.2). */
public final class ReceiverReport extends RtcpReportPacket {

    ReceiverReport() {
    }

    boolean wrap(byte[] buf, int off, int len, int count) {
        return wrapBlocks(buf, off, len, 8, count);
    }
}

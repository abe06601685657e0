package io.livestage.sfu.rtcp;

/** A picture loss indication, PLI (RFC 4585 section 6.3.1): no FCI, the media SSRC says which stream. */
public final class PictureLossIndication extends RtcpFeedbackPacket {

    PictureLossIndication() {
    }

    boolean wrap(byte[] buf, int off, int len) {
        return wrapFeedback(buf, off, len, 0);
    }
}

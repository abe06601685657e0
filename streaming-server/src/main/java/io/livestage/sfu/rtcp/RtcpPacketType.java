package io.livestage.sfu.rtcp;

/** RTCP packet types and feedback message formats (RFC 3550, 4585, 5104) and the RTP/RTCP demux test. */
public final class RtcpPacketType {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585). */
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Application-layer feedback, which REMB uses. */
    public static final int FMT_AFB = 15;

    private RtcpPacketType() {
    }

    /**
     * True when a datagram on a muxed RTP/RTCP flow is RTCP: its second byte is a packet type in
     * 192..223 (RFC 5761 section 4). RTP would need payload type 64..95 with the marker bit to
     * look like that, and those payload types are never negotiated for this reason.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 8 || off > buf.length - len) {
            return false;
        }
        int type = buf[off + 1] & 0xFF;
        return type >= 192 && type <= 223;
    }
}

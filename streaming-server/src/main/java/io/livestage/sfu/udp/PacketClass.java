package io.livestage.sfu.udp;

/** The protocol of a datagram on the shared port, from its first byte (RFC 7983). */
public enum PacketClass {
    STUN, DTLS, RTP_OR_RTCP, UNKNOWN;

    public static PacketClass of(int firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_OR_RTCP;
        }
        return UNKNOWN;
    }
}

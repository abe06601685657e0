package io.livestage.sfu.metrics;

/** Why a datagram on the media port was dropped; the {@code reason} label of the drop counter. */
public enum DropReason {
    /** First byte outside every RFC 7983 range, or too short to be anything. */
    UNKNOWN_PROTOCOL("unknown_protocol"),
    /** STUN whose USERNAME names no transport of ours. */
    UNKNOWN_UFRAG("unknown_ufrag"),
    /** DTLS or RTP from an address that never passed an ICE check. */
    UNKNOWN_ADDRESS("unknown_address"),
    /** SRTP before the DTLS handshake finished. */
    NOT_CONNECTED("not_connected"),
    /** DTLS queue full or the handshake already over. */
    DTLS_REFUSED("dtls_refused"),
    /** SRTP/SRTCP authentication failed, replayed, or otherwise not decryptable. */
    DECRYPT_FAILED("decrypt_failed"),
    /** RTP or RTCP that does not parse after decryption. */
    MALFORMED("malformed"),
    /** RTP whose SSRC the offer did not announce and whose MID is unknown. */
    UNKNOWN_SSRC("unknown_ssrc"),
    /**
     * A packet handed to another media loop for its subscribers that waited there too long (or
     * found too many waiting): the loop is behind, and late media only deepens its queue.
     */
    LOOP_BEHIND("loop_behind");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

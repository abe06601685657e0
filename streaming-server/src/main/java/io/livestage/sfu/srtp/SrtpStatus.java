package io.livestage.sfu.srtp;

/** Outcome of protecting or unprotecting one packet; everything but OK is a metrics label. */
public enum SrtpStatus {
    OK,
    /** The authentication tag did not verify: forged, corrupted, or keyed for someone else. */
    AUTH_FAILED,
    /** Already seen, or older than the replay window. */
    REPLAYED,
    /** Too short or malformed to be (S)RTP/(S)RTCP. */
    INVALID_PACKET,
    /** The buffer has no room after the packet for the tag (and SRTCP index). */
    NO_ROOM,
    /** This session already tracks the maximum number of SSRCs in this direction. */
    TOO_MANY_SSRCS,
    /** The crypto library failed unexpectedly. */
    FAILED
}

package io.livestage.sfu.rtcp;

/** What {@link RtcpCompoundReader#next()} found. */
public enum RtcpKind {
    SENDER_REPORT,
    RECEIVER_REPORT,
    SDES,
    BYE,
    NACK,
    PLI,
    FIR,
    REMB,
    TRANSPORT_CC,
    /** A well-formed packet of a type or format we do not interpret (APP, XR, other feedback). */
    OTHER,
    /** A packet whose header fits but whose body does not make sense for its type; skip it. */
    MALFORMED,
    /** No packets left. */
    END
}

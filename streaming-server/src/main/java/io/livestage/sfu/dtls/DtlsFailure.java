package io.livestage.sfu.dtls;

/** Why a DTLS association failed; one metrics label value each. */
public enum DtlsFailure {
    /** The peer's certificate does not hash to the fingerprint in its SDP. */
    FINGERPRINT_MISMATCH,
    /** The peer sent no certificate, so there is nothing to match against its SDP. */
    NO_CERTIFICATE,
    /** The peer offered no use_srtp profile we support, or the server picked one we did not offer. */
    NO_SRTP_PROFILE,
    /** The handshake did not finish within the configured time (peer silent or too slow). */
    TIMEOUT,
    /** The peer sent a fatal alert. */
    ALERT_RECEIVED,
    /** Anything else the TLS stack refused: bad messages, unsupported versions or cipher suites. */
    PROTOCOL_ERROR,
    /**
     * No handshake began within the first-flight timeout of the peer's first ICE check: it sent no
     * DTLS (or none in answer to ours), or none of its addresses answered our consent check.
     */
    FIRST_FLIGHT_TIMEOUT,
    /** Refused before it began: as many handshakes as the server allows were already running. */
    OVERLOADED
}

package io.livestage.loadtest.webrtc;

/** Why a {@link WebRtcPeer} could not connect or stopped working. */
public enum WebRtcFailure {
    /** The local UDP socket could not be opened. */
    BIND_FAILED,
    /** The server's answer or offer lacks what we need (ICE credentials, fingerprint, a usable candidate). */
    BAD_ANSWER,
    /** No valid Binding success response to our checks within the ICE timeout. */
    ICE_TIMEOUT,
    /** The DTLS handshake failed; {@link WebRtcException#dtlsFailure()} says how. */
    DTLS_FAILED,
    /** The server stopped answering consent checks (RFC 7675) for too long. */
    CONSENT_LOST,
    /** The peer was closed (locally, or the server sent close_notify) before it connected. */
    CLOSED
}

package io.livestage.loadtest.webrtc;

/** Lifecycle of a {@link WebRtcPeer}; FAILED and CLOSED are final. */
public enum PeerState {
    /** Socket open, not connecting yet. */
    NEW,
    /** Sending ICE connectivity checks. */
    CHECKING,
    /** ICE done, DTLS handshake running. */
    HANDSHAKING,
    /** SRTP keys in place: media flows. */
    CONNECTED,
    FAILED,
    CLOSED
}

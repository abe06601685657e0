package io.livestage.sfu.sdp;

/**
 * An SDP we cannot parse or cannot serve. The message is a human-readable reason that signaling
 * returns to the client with {@code error bad_request}.
 */
public final class SdpException extends Exception {

    private static final long serialVersionUID = 1L;

    public SdpException(String reason) {
        super(reason);
    }
}

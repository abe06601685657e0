package io.livestage.sfu;

/** A media request the plane refuses, with a reason signaling turns into its error code. */
public final class MediaException extends RuntimeException {
    /** Why a request was refused. */
    public enum Reason {
        /** The SDP or request cannot be used; the message says why. */
        BAD_REQUEST,
        /** It clashes with the session's current state (already subscribed, answer without offer...). */
        CONFLICT,
        /** No such subscription, or it has ended. */
        NOT_FOUND,
        /** The user holds as many subscriptions as one user may. */
        RATE_LIMITED,
        /** The media server is at a capacity limit for now (every DTLS handshake slot in use); retry shortly. */
        UNAVAILABLE
    }

    private final Reason reason;

    public MediaException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static MediaException badRequest(String message) {
        return new MediaException(Reason.BAD_REQUEST, message);
    }
}

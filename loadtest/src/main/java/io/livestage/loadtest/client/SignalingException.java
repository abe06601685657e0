package io.livestage.loadtest.client;

/** The server answered a request with {@code {"type":"error", "code":…}}. */
public final class SignalingException extends RuntimeException {

    private final String code;

    public SignalingException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The protocol error code (e.g. {@code rate_limited}); clients branch on this, not on the message. */
    public String code() {
        return code;
    }
}

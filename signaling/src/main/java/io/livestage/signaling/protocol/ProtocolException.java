package io.livestage.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request the server refuses with a typed {@code error}. Carries no stack trace: it is an
 * expected outcome of bad input, not a bug, and is thrown on every malformed frame.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final transient JsonNode requestId;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    private ProtocolException(ErrorCode code, String message, JsonNode requestId) {
        super(message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the request that failed, when it could be read; echoed on the error. */
    public JsonNode requestId() {
        return requestId;
    }

    /** This failure, attributed to the request with the given id. */
    public ProtocolException forRequest(JsonNode id) {
        return new ProtocolException(code, getMessage(), id);
    }

    public static ProtocolException badRequest(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }

    /**
     * What failed a stage: {@link java.util.concurrent.CompletionStage} callbacks see failures
     * of dependent stages wrapped in a {@link java.util.concurrent.CompletionException}.
     */
    public static Throwable causeOf(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }
}

package io.livestage.signaling.admin;

import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * An HTTP answer of the server API: a status and a JSON body. Errors are {@code {"error": code,
 * "message": text}}, the shape {@code POST /api/wallet/credit} has always answered with.
 */
public record ApiAnswer(HttpResponseStatus status, Object body) {
    public static ApiAnswer ok(Object body) {
        return new ApiAnswer(HttpResponseStatus.OK, body);
    }

    public static ApiAnswer error(HttpResponseStatus status, String code, String message) {
        return new ApiAnswer(status, Map.of("error", code, "message", message));
    }

    /**
     * The answer to a failed request: a {@link ProtocolException}'s code with its status; anything else is
     * our bug, logged and answered {@code 500 internal} without details.
     */
    public static ApiAnswer failure(Throwable failure) {
        Throwable cause = ProtocolException.causeOf(failure);
        if (cause instanceof ProtocolException refused && refused.code() != ErrorCode.INTERNAL) {
            return error(status(refused.code()), refused.code().wire(), refused.getMessage());
        }
        if (!(cause instanceof ProtocolException)) {
            LoggerFactory.getLogger(ApiAnswer.class).error("a server API request failed", cause);
        }
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL.wire(), "internal error");
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            // A reused idempotency key with other terms, or an entry already reversed: the caller's bug, not a retry.
            case CONFLICT -> HttpResponseStatus.CONFLICT;
            // Understood, but the wallet cannot pay: nothing changed.
            case INSUFFICIENT_FUNDS -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case RATE_LIMITED -> HttpResponseStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            case BAD_REQUEST -> HttpResponseStatus.BAD_REQUEST;
        };
    }
}

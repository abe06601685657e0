package io.livestage.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.protocol.ServerMessage;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers a request with the result of an asynchronous stage. */
public final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    /**
     * Sends the stage's result as the reply, or its failure as a typed error. Every path answers: a result
     * that cannot be turned into its reply is an internal error, not a request left waiting for ever.
     */
    public static <T> void reply(Requester requester, JsonNode requestId, CompletionStage<T> stage,
                                 Function<T, ServerMessage> toReply) {
        stage.whenComplete((result, failure) -> {
            if (failure == null) {
                ServerMessage message;
                try {
                    message = toReply.apply(result);
                } catch (RuntimeException e) {
                    log.error("reply to a request of {} could not be built from {}", requester, result, e);
                    requester.sendError(requestId, ErrorCode.INTERNAL, "internal error");
                    return;
                }
                requester.send(message);
                return;
            }
            Throwable cause = ProtocolException.causeOf(failure);
            if (cause instanceof ProtocolException refused) {
                requester.sendError(requestId, refused.code(), refused.getMessage());
            } else {
                log.error("request of {} failed", requester, cause);
                requester.sendError(requestId, ErrorCode.INTERNAL, "internal error");
            }
        });
    }
}

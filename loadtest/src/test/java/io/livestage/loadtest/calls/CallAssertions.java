package io.livestage.loadtest.calls;

import io.livestage.loadtest.client.SignalingException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Reads the error code a request was refused with. */
final class CallAssertions {
    private CallAssertions() {
    }

    /** The protocol error code of the refusal; fails when the request succeeded. */
    static String errorCode(CompletableFuture<?> request) throws Exception {
        try {
            Object reply = request.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected an error, got " + reply);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SignalingException refused) {
                return refused.code();
            }
            throw e;
        }
    }
}

package io.livestage.signaling.call;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a cluster keeps its calls in progress (in Redis, next to the wallets), so that a call outlives the node
 * that ran it: a party's node takes it over (its clock and its next minute) when that node dies, and a party
 * coming back through any node finds where its call runs. Billing stays idempotent by call and minute in the gift
 * store whichever node charges. Any thread; writes are fire-and-forget (a failure is logged).
 */
public interface CallStore {
    /** A single node: calls die with it, nothing is kept. */
    CallStore NONE = new CallStore() {
        @Override
        public CompletionStage<Boolean> save(CallRecord call) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void remove(String callId, String node) {
        }

        @Override
        public CompletionStage<Optional<CallRecord>> find(String callId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Boolean> claim(String callId, String fromNode, String toNode) {
            return CompletableFuture.completedFuture(false);
        }
    };

    /**
     * Writes the call as its node sees it now; ignored when another node runs it by now (it took this node for
     * dead and took the call over): then false. True otherwise, also when the write failed (logged): a store that
     * cannot answer does not mean another node runs the call.
     */
    CompletionStage<Boolean> save(CallRecord call);

    /** The call ended; ignored when another node runs it by now. */
    void remove(String callId, String node);

    CompletionStage<Optional<CallRecord>> find(String callId);

    /** Moves the call to {@code toNode} if {@code fromNode} still runs it; true when this claim moved it. */
    CompletionStage<Boolean> claim(String callId, String fromNode, String toNode);
}

package io.livestage.signaling.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a cluster keeps what runs on which node (in Redis), so that it outlives its node: a paid call that a
 * party's node carries on when the call's node dies, a live show that moves with its host off a draining node or
 * is carried on by the node its host comes back through when its node dies. Each record names the node that runs
 * the thing; only that node writes it, and a claim moves it to another. Any thread; writes are fire-and-forget (a
 * failure is logged).
 *
 * @param <R> the record: {@code CallRecord}, {@code ShowRecord}
 */
public interface RunStore<R> {
    /** A single node: what runs here ends with it, nothing is kept. */
    static <R> RunStore<R> none() {
        return new RunStore<>() {
            @Override
            public CompletionStage<Boolean> save(R record) {
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public void remove(String id, String node) {
            }

            @Override
            public CompletionStage<Optional<R>> find(String id) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletionStage<Boolean> claim(String id, String fromNode, String toNode) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }

    /**
     * Writes the record as its node sees it now; ignored when another node runs the thing by now (it took this node
     * for dead and took it over): then false. True otherwise, also when the write failed (logged): a store that
     * cannot answer does not mean another node runs it.
     */
    CompletionStage<Boolean> save(R record);

    /** It ended; ignored when another node runs it by now. */
    void remove(String id, String node);

    CompletionStage<Optional<R>> find(String id);

    /** Moves the thing to {@code toNode} if {@code fromNode} still runs it; true when this claim moved it. */
    CompletionStage<Boolean> claim(String id, String fromNode, String toNode);
}

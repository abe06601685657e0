package io.livestage.loadtest.chat;

import io.livestage.loadtest.client.SignalingClient;
import io.livestage.loadtest.client.SignalingConnector;
import io.livestage.loadtest.scenario.FailureLog;
import io.livestage.loadtest.scenario.PlatformTokens;
import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings viewers in: connect, {@code auth}, {@code room.join}, each step chained on the connection's event
 * loop. {@link #startNext} is called at the ramp rate; every outcome lands in the counters.
 */
final class ViewerRamp {

    private final SignalingConnector connector;
    private final URI url;
    private final PlatformTokens tokens;
    private final String roomId;
    private final Duration timeout;
    private final ViewerListener listener;
    private final ChatCounters counters;
    private final FailureLog failures;
    private final AtomicBoolean closing;
    private final Queue<SignalingClient> joined = new ConcurrentLinkedQueue<>();
    private int started;

    ViewerRamp(SignalingConnector connector, URI url, PlatformTokens tokens, String roomId, Duration timeout,
               ViewerListener listener, ChatCounters counters, FailureLog failures, AtomicBoolean closing) {
        this.connector = connector;
        this.url = url;
        this.tokens = tokens;
        this.roomId = roomId;
        this.timeout = timeout;
        this.listener = listener;
        this.counters = counters;
        this.failures = failures;
        this.closing = closing;
    }

    /** Viewers started so far; called from one thread only, like {@link #startNext}. */
    int started() {
        return started;
    }

    void startNext() {
        int index = started++;
        connector.connect(url, listener).whenComplete((client, failure) -> {
            if (failure != null) {
                counters.connectFailures.increment();
                failures.record("connect", failure);
            } else {
                counters.connected.increment();
                authenticate(client, index);
            }
        });
    }

    private void authenticate(SignalingClient client, int index) {
        client.request(SignalingClient.message("auth").put("token", tokens.viewer(index)).put("batch", true), timeout)
                .whenComplete((welcome, failure) -> {
                    if (failure != null) {
                        counters.authFailures.increment();
                        failures.record("auth", failure);
                        client.close();
                    } else {
                        counters.authenticated.increment();
                        join(client);
                    }
                });
    }

    private void join(SignalingClient client) {
        client.request(SignalingClient.message("room.join").put("roomId", roomId), timeout)
                .whenComplete((joinedRoom, failure) -> {
                    if (failure != null) {
                        counters.joinFailures.increment();
                        failures.record("room.join", failure);
                        client.close();
                        return;
                    }
                    counters.joined.increment();
                    joined.add(client);
                    client.closeFuture().thenRun(() -> {
                        if (!closing.get()) {
                            counters.dropped.increment();
                            failures.record("dropped", "closed with " + client.closeCode() + " " + client.closeReason());
                        }
                    });
                });
    }

    /** Viewers that joined, whether or not they are still connected. */
    Queue<SignalingClient> joinedViewers() {
        return joined;
    }
}

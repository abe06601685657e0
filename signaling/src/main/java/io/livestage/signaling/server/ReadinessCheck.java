package io.livestage.signaling.server;

import java.util.concurrent.CompletionStage;

/** A dependency the node needs in order to serve (e.g. Redis when configured), for {@code /ready}. */
public interface ReadinessCheck {
    String name();

    /** Completes with true when the dependency answers; must not block the caller. */
    CompletionStage<Boolean> check();
}

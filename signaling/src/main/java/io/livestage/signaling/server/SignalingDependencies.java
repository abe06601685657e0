package io.livestage.signaling.server;

import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.media.MediaPlane;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * What the signaling server is wired to.
 *
 * @param staticPrefix classpath folder holding the web client's files
 * @param readiness    dependencies {@code /ready} checks besides the server's own port
 */
public record SignalingDependencies(PrometheusMeterRegistry registry, List<ReadinessCheck> readiness,
                                    String staticPrefix, MediaPlane media, GiftBridge gifts) {
    public SignalingDependencies {
        readiness = List.copyOf(readiness);
    }
}

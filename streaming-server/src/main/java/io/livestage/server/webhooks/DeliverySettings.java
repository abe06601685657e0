package io.livestage.server.webhooks;

import java.time.Duration;

/**
 * How a node's deliverers pace themselves; fixed in production ({@link #DEFAULT}), short in tests.
 *
 * @param lease how long an endpoint's lease lasts unrenewed (renewed every third of it): how long the endpoint
 *              waits for another node after one dies without giving the lease back
 * @param poll  how often an idle deliverer looks for events other nodes appended
 * @param batch entries read at once
 */
public record DeliverySettings(Duration lease, Duration poll, int batch) {
    public static final DeliverySettings DEFAULT = new DeliverySettings(Duration.ofSeconds(30), Duration.ofSeconds(1), 32);
}

package io.livestage.signaling.webhooks;

/**
 * Where signaling reports what happened, once it has happened (the show is live, the wallet script
 * committed), for delivery to the platform's webhooks. Implementations neither block nor throw: an
 * event is queued and appended to a durable outbox in the order it was reported.
 */
@FunctionalInterface
public interface WebhookOutbox {
    /** No webhooks configured: events go nowhere. */
    WebhookOutbox NONE = event -> { };

    void append(WebhookEvent event);
}

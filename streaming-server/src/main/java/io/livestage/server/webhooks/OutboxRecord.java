package io.livestage.server.webhooks;

/**
 * An event as the outbox keeps it: the body is rendered once, when the event is reported, so every
 * attempt to every endpoint sends the same bytes.
 *
 * @param deliveryId the body's {@code id} and the {@code LiveStage-Delivery} header
 * @param type       the event type's wire name
 */
public record OutboxRecord(String deliveryId, String type, long createdAtMillis, String body) {
}

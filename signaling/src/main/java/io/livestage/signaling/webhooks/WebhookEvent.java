package io.livestage.signaling.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened, for the platform's webhooks. {@code id} is the delivery id the receiver
 * deduplicates by: derived from the fact's own identity (the gift's transaction, the call and
 * minute, the room), so reporting the same fact twice (a retried send, a minute asked again at a
 * call's end) yields the same id and the outbox keeps it once.
 *
 * @param data the event's fields, in the order they are written; values are strings, numbers or booleans
 */
public record WebhookEvent(String id, WebhookEventType type, Instant createdAt, Map<String, Object> data) {
    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** An event whose id follows from its type and the fact's own key, so the same fact has the same id. */
    public static WebhookEvent of(WebhookEventType type, String factKey, Map<String, Object> data) {
        String name = type.wire() + "\n" + factKey;
        return new WebhookEvent(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(), type,
                Instant.now(), data);
    }

    /** An event that is new each time it is reported (a ban: the same user may be banned again later). */
    public static WebhookEvent unique(WebhookEventType type, Map<String, Object> data) {
        return new WebhookEvent(UUID.randomUUID().toString(), type, Instant.now(), data);
    }
}

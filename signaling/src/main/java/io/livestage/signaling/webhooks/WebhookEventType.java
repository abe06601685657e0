package io.livestage.signaling.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the platform is told about, by webhook; {@link #wire()} is the body's {@code type}. */
public enum WebhookEventType {
    SHOW_STARTED("show.started"),
    SHOW_ENDED("show.ended"),
    GIFT_SENT("gift.sent"),
    CALL_STARTED("call.started"),
    CALL_MINUTE_CHARGED("call.minute_charged"),
    CALL_ENDED("call.ended"),
    USER_BANNED("user.banned"),
    REPORT_FILED("report.filed");

    private final String wire;

    WebhookEventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<WebhookEventType> ofWire(String wire) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(wire)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wire).toList();
    }
}

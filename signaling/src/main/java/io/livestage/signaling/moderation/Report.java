package io.livestage.signaling.moderation;

/**
 * A viewer's report of a show or of one of its chat messages, as the platform receives it.
 *
 * @param reporterId who reported
 * @param roomId     the show
 * @param hostId     the show's host
 * @param userId     whose message was reported; the host when the show itself was reported
 * @param messageId  the reported chat message's {@code msgId}, or null for the show
 * @param text       the reported message's text as the server delivered it, or null for the show
 * @param reason     the reporter's reason, one of {@link #REASONS}
 * @param ts         when it was filed, epoch milliseconds
 */
public record Report(String reporterId, String roomId, String hostId, String userId, String messageId, String text,
                     String reason, long ts) {
    /** Reasons a client may give; the platform's moderators triage by them. */
    public static final java.util.Set<String> REASONS = java.util.Set.of("spam", "harassment", "hate", "sexual",
            "violence", "minor", "other");
}

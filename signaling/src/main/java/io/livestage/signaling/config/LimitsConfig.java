package io.livestage.signaling.config;

/**
 * Per-connection and per-user limits that keep one client from hurting the others.
 *
 * @param maxFrameBytes      larger WebSocket messages close the connection with 1009
 * @param authTimeoutMs      time to send {@code auth} before the connection closes with 4001
 * @param idleTimeoutMs      a connection with no frame for this long closes with 1001
 * @param maxChatChars       longest chat text, in characters
 * @param chatPerSecond      sustained chat messages per user
 * @param chatBurst          chat messages a user may send at once
 * @param messagesPerSecond  sustained requests per connection, any type
 * @param messageBurst       requests a connection may send at once
 * @param maxRoomsPerSession rooms one connection may be in at the same time
 */
public record LimitsConfig(int maxFrameBytes, long authTimeoutMs, long idleTimeoutMs, int maxChatChars,
                           double chatPerSecond, int chatBurst, double messagesPerSecond, int messageBurst,
                           int maxRoomsPerSession) {
    public LimitsConfig {
        Checks.range(maxFrameBytes, 1024, 16 * 1024 * 1024, "limits.maxFrameBytes");
        Checks.positive(authTimeoutMs, "limits.authTimeoutMs");
        Checks.positive(idleTimeoutMs, "limits.idleTimeoutMs");
        Checks.range(maxChatChars, 1, 10_000, "limits.maxChatChars");
        Checks.positive(chatPerSecond, "limits.chatPerSecond");
        Checks.positive(chatBurst, "limits.chatBurst");
        Checks.positive(messagesPerSecond, "limits.messagesPerSecond");
        Checks.positive(messageBurst, "limits.messageBurst");
        Checks.positive(maxRoomsPerSession, "limits.maxRoomsPerSession");
    }
}

package io.livestage.signaling.protocol;

/** Field size caps that come from configuration rather than from the protocol itself. */
public record MessageLimits(int maxTitleChars, int maxChatChars) {
    public MessageLimits {
        if (maxTitleChars < 1 || maxChatChars < 1) {
            throw new IllegalArgumentException("size caps must be positive");
        }
    }
}

package io.livestage.gifts;

/**
 * A viewer's request to send {@code count} units of a gift to a creator in a room. {@code key} is the
 * client's idempotency key: one intended send, however many times it is retried.
 */
public record GiftOrder(String roomId, String senderId, String senderName, String recipientId, String giftId,
                        int count, String key) {
}

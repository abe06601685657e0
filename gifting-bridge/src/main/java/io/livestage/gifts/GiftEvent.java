package io.livestage.gifts;

/** A committed gift as every node delivers it to the members of the room; {@code ts} is commit time in ms. */
public record GiftEvent(String roomId, String txId, String fromUserId, String fromName, String toUserId,
                        String giftId, int count, int combo, long amount, long ts) {
}

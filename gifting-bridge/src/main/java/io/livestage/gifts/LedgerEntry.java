package io.livestage.gifts;

/**
 * One movement of coins as recorded for settlement. {@code kind} is {@code gift} (from a sender's balance to
 * a recipient's earnings) or {@code credit} (a purchase into {@code to}'s balance; {@code from}, room and
 * gift empty).
 */
public record LedgerEntry(String txId, String kind, String from, String to, String roomId, String giftId,
                          int count, long amount, long time) {
    public static final String GIFT = "gift";
    public static final String CREDIT = "credit";
}

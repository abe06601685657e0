package io.livestage.gifts;

/**
 * The result of a committed send. {@code replay} is true when the idempotency key had been seen: the
 * receipt is the first one and nothing was charged again.
 */
public record GiftReceipt(String txId, long balance, int combo, long amount, long ts, boolean replay) {
}

package io.livestage.gifts;

/** A user's coins to spend and, for creators, coins earned from gifts. */
public record Wallet(long balance, long earnings) {
}

package io.livestage.gifts;

/**
 * What erasing a user's non-ledger data removed: idempotency records naming them (their gift sends' keys,
 * purchases credited to them, call billing records and reversals they were party to), their places on show
 * leaderboards (coins and display name), and recent gift events (with display names) they sent or received.
 * Wallet balances and earnings and the ledger stay: they are the money record the platform must keep.
 */
public record Erasure(long idempotencyRecords, long leaderboardEntries, long giftEvents) {
}

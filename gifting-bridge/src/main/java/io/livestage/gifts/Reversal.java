package io.livestage.gifts;

import io.livestage.gifts.GiftException.Reason;

/**
 * The platform's request to reverse one gift or call-minute ledger entry (a refund): the entry's coins go
 * back from the recipient's earnings to the payer's balance, as a new {@code reversal} ledger entry; the
 * original entry stays. {@code reversalId} is the caller's idempotency key; {@code ledgerId} (the entry's id in
 * the ledger stream) and {@code txId} (the transaction it records) must name the same entry, so a mistyped id
 * cannot reverse another.
 */
public record Reversal(String reversalId, String ledgerId, String txId) {
    /** Ledger stream ids: milliseconds, a dash, a sequence number. */
    private static final java.util.regex.Pattern LEDGER_ID = java.util.regex.Pattern.compile("\\d{1,20}-\\d{1,20}");

    /** Refuses a malformed request before any wallet is touched. */
    public void check() {
        OrderRules.id("reversalId", reversalId);
        OrderRules.id("txId", txId);
        if (ledgerId == null || !LEDGER_ID.matcher(ledgerId).matches()) {
            throw new GiftException(Reason.BAD_REQUEST, "ledgerId must be a ledger entry id such as 1733400000000-0");
        }
    }
}

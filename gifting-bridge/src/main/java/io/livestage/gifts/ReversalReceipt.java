package io.livestage.gifts;

/**
 * A committed reversal: its own ledger transaction {@code txId}, the entry it reversed ({@code reversedTxId}, of
 * {@code kind} gift or call_minute), who got the coins back ({@code payerId}, balance after) and who gave them up
 * ({@code recipientId}, earnings after). {@code replay} is true when the reversal id had been used for this entry
 * already: the first receipt, nothing moved again.
 */
public record ReversalReceipt(String txId, String reversedTxId, String kind, String payerId, String recipientId,
                              long amount, long payerBalance, long recipientEarnings, boolean replay) {
    public ReversalReceipt asReplay() {
        return new ReversalReceipt(txId, reversedTxId, kind, payerId, recipientId, amount, payerBalance,
                recipientEarnings, true);
    }
}

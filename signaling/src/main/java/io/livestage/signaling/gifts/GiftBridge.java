package io.livestage.signaling.gifts;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What signaling needs from the gift bridge (wallets, gifts and call billing) (module {@code gifting-bridge}, adapted by the
 * server). Failures complete the stage with a
 * {@link io.livestage.signaling.protocol.ProtocolException} carrying the code to send (for
 * example {@code insufficient_funds}, or {@code unavailable} while Redis is unreachable).
 * Signaling checks the sender is an adult member of a live show first.
 */
public interface GiftBridge {
    List<Gift> catalog();

    CompletionStage<Wallet> wallet(String userId);

    /** Charges the sender once per idempotency key and publishes the gift to every node. */
    CompletionStage<Receipt> send(Order order);

    /** Credits coins the user bought on the platform, once per purchase id; the new balance. */
    CompletionStage<Long> credit(String userId, long coins, String purchaseId);

    /**
     * Charges one started minute of a paid call (from 0 at acceptance), from the caller's balance to the
     * consultant's earnings, at most once per (callId, minute): a retry answers as the first charge did.
     */
    CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute);

    /**
     * Reverses a gift or call-minute ledger entry (a refund) as a new ledger entry, once per reversal id: a
     * retry answers as the first did ({@code replay}); {@code conflict} for the id reused or the entry already
     * reversed, {@code not_found} for no such entry, {@code insufficient_funds} when the recipient's earnings
     * cannot give the amount back.
     */
    CompletionStage<ReversalReceipt> reverse(Reversal reversal);

    /** Erases the user's non-ledger data (idempotency records, leaderboard places, recent gift events). */
    CompletionStage<Erasure> erase(String userId);

    /** The show's top gifters by coins spent, most first. */
    CompletionStage<List<TopGifter>> leaderboard(String roomId, int top);

    /** Delivers the room's gift events, from every node, exactly once, until the handle is closed. */
    AutoCloseable watch(String roomId, Consumer<GiftEvent> events);

    /** The show ended: its combos and board may go. */
    void roomClosed(String roomId);

    record Animation(String url, long durationMs, String tier) {}

    record Gift(String giftId, String name, long price, Animation animation) {}

    record Wallet(long balance, long earnings) {}

    record Order(String roomId, String senderId, String senderName, String recipientId, String giftId,
                 int count, String key) {}

    record Receipt(String txId, long balance) {}

    record Reversal(String reversalId, String ledgerId, String txId) {}

    record ReversalReceipt(String txId, String reversedTxId, String kind, String payerId, String recipientId,
                           long amount, long payerBalance, long recipientEarnings, boolean replay) {}

    record Erasure(long idempotencyRecords, long leaderboardEntries, long giftEvents) {}

    record TopGifter(String userId, String name, long amount) {}

    record CallMinute(String callId, String roomId, String callerId, String consultantId, int minute, long rate) {}

    /** The caller's balance right after the charge and the call's total so far. */
    record MinuteCharge(long balance, long charged) {}

    record GiftEvent(String roomId, String txId, String fromUserId, String fromName, String toUserId,
                     String giftId, int count, int combo, Animation animation, long ts) {}
}

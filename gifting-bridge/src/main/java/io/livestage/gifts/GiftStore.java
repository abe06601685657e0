package io.livestage.gifts;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Wallets, gifts and per-show leaderboards. Every method returns at once; failures complete the stage with
 * a {@link GiftException}.
 */
public interface GiftStore extends AutoCloseable {
    /**
     * Atomically debits the sender, credits the recipient's earnings, appends a ledger entry, publishes the
     * gift event and updates combo and leaderboard. Idempotent by (senderId, key).
     */
    CompletionStage<GiftReceipt> send(GiftOrder order);

    CompletionStage<Wallet> wallet(String userId);

    /** Adds purchased coins; a retry with the same purchaseId returns the balance after the first credit. */
    CompletionStage<Long> credit(String userId, long coins, String purchaseId);

    /**
     * Charges one started minute of a call atomically: debits the caller, credits the consultant's earnings
     * and appends a {@code call_minute} ledger entry, or changes nothing. Idempotent by (callId, minute): a
     * retry returns the first result. Minutes are charged in order: skipping one is {@code CONFLICT}, a balance
     * below the rate {@code INSUFFICIENT_FUNDS}. Nothing is held between minutes, so a node that dies mid-call
     * leaves no reservation behind and never charges a minute it did not start.
     */
    CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute);

    /** The show's top gifters by coins spent, highest first. */
    CompletionStage<List<TopGifter>> leaderboard(String roomId, int top);

    /** The show ended: drops its leaderboard and combos, best effort. */
    void clearRoom(String roomId);

    @Override
    void close();
}

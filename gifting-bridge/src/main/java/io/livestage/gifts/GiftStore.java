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

    /**
     * Reverses a gift or call-minute ledger entry atomically: the entry's amount leaves the recipient's earnings
     * and returns to the payer's balance, recorded as a {@code reversal} ledger entry; or nothing changes.
     * Idempotent by reversal id: a retry returns the first receipt, the same id for another entry is
     * {@code CONFLICT}, and so is a second reversal of an entry. An entry that does not exist (or is not the
     * transaction named) is {@code NOT_FOUND}; a credit or reversal entry {@code BAD_REQUEST}; earnings below the
     * amount {@code INSUFFICIENT_FUNDS} (no wallet goes negative).
     */
    CompletionStage<ReversalReceipt> reverse(Reversal reversal);

    /**
     * Erases the user's non-ledger data (see {@link Erasure}); the ledger and wallet amounts stay. Idempotent:
     * erasing again finds nothing more. Not atomic: a gift the user sends meanwhile may leave new records.
     */
    CompletionStage<Erasure> erase(String userId);

    /** The show's top gifters by coins spent, highest first. */
    CompletionStage<List<TopGifter>> leaderboard(String roomId, int top);

    /** The show ended: drops its leaderboard and combos, best effort. */
    void clearRoom(String roomId);

    @Override
    void close();
}

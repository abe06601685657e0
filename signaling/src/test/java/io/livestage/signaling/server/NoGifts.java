package io.livestage.signaling.server;

import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Signaling's tests run without the gift bridge (its own module, tested there and end to end). */
public final class NoGifts implements GiftBridge {
    private static <T> CompletionStage<T> unavailable() {
        return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE, "no gifts in this test"));
    }

    @Override
    public List<Gift> catalog() {
        return List.of();
    }

    @Override
    public CompletionStage<Wallet> wallet(String userId) {
        return unavailable();
    }

    @Override
    public CompletionStage<Receipt> send(Order order) {
        return unavailable();
    }

    @Override
    public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
        return unavailable();
    }

    @Override
    public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
        return unavailable();
    }

    @Override
    public CompletionStage<Erasure> erase(String userId) {
        return unavailable();
    }

    @Override
    public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
        return unavailable();
    }

    @Override
    public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public AutoCloseable watch(String roomId, Consumer<GiftEvent> events) {
        return () -> { };
    }

    @Override
    public void roomClosed(String roomId) {
    }
}

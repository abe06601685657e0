package io.livestage.signaling.gifts;

import io.livestage.signaling.webhooks.WebhookEvent;
import io.livestage.signaling.webhooks.WebhookEventType;
import io.livestage.signaling.webhooks.WebhookOutbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The gift bridge, reporting {@code gift.sent} once a send has committed (the wallet script answered
 * with a receipt). A retry with the same idempotency key answers with the same transaction, so it
 * reports the same delivery id and the outbox keeps the gift once. Everything else passes through.
 */
public final class OutboxGiftBridge implements GiftBridge {
    private final GiftBridge bridge;
    private final WebhookOutbox outbox;
    private final Map<String, Long> prices = new LinkedHashMap<>();

    public OutboxGiftBridge(GiftBridge bridge, WebhookOutbox outbox) {
        this.bridge = bridge;
        this.outbox = outbox;
        for (Gift gift : bridge.catalog()) {
            prices.put(gift.giftId(), gift.price());
        }
    }

    @Override
    public CompletionStage<Receipt> send(Order order) {
        return bridge.send(order).thenApply(receipt -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("txId", receipt.txId());
            data.put("roomId", order.roomId());
            data.put("fromUserId", order.senderId());
            data.put("toUserId", order.recipientId());
            data.put("giftId", order.giftId());
            data.put("count", order.count());
            // The catalog's price at the time of the send: what the sender paid and the creator earned.
            data.put("coins", prices.getOrDefault(order.giftId(), 0L) * order.count());
            outbox.append(WebhookEvent.of(WebhookEventType.GIFT_SENT, receipt.txId(), data));
            return receipt;
        });
    }

    @Override
    public List<Gift> catalog() {
        return bridge.catalog();
    }

    @Override
    public CompletionStage<Wallet> wallet(String userId) {
        return bridge.wallet(userId);
    }

    @Override
    public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
        return bridge.credit(userId, coins, purchaseId);
    }

    @Override
    public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
        return bridge.chargeCallMinute(minute);
    }

    @Override
    public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
        return bridge.reverse(reversal);
    }

    @Override
    public CompletionStage<Erasure> erase(String userId) {
        return bridge.erase(userId);
    }

    @Override
    public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
        return bridge.leaderboard(roomId, top);
    }

    @Override
    public AutoCloseable watch(String roomId, Consumer<GiftEvent> events) {
        return bridge.watch(roomId, events);
    }

    @Override
    public void roomClosed(String roomId) {
        bridge.roomClosed(roomId);
    }
}

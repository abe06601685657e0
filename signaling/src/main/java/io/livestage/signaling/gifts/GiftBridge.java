package io.livestage.signaling.gifts;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What signaling needs from the gift bridge (module {@code gifting-bridge}, wired by the
 * server). Failures complete the stage with a
 * {@link io.livestage.signaling.protocol.ProtocolException} (for example
 * {@code insufficient_funds}). Signaling checks the sender is an adult member of the room.
 */
public interface GiftBridge {
    CompletionStage<List<Gift>> catalog();

    CompletionStage<Wallet> wallet(String userId);

    /** Charges the sender once per idempotency key and publishes the gift to every node. */
    CompletionStage<Receipt> send(Order order);

    /** Delivers gift events of the room, from every node, until the returned handle is closed. */
    AutoCloseable watch(String roomId, Consumer<GiftEvent> events);

    record Animation(String url, long durationMs, String tier) {}

    record Gift(String giftId, String name, long price, Animation animation) {}

    record Wallet(long balance, long earnings) {}

    record Order(String roomId, String senderId, String senderName, String recipientId, String giftId,
                 int count, String key) {}

    record Receipt(String txId, long balance) {}

    record GiftEvent(String roomId, String txId, String fromUserId, String fromName, String toUserId,
                     String giftId, int count, int combo, Animation animation, long ts) {}
}

package io.livestage.server.gifts;

import io.livestage.gifts.GiftBridge;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftOrder;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gift bridge as signaling sees it: the module's types turned into signaling's, and its
 * failures into the protocol's error codes. Gift events get their animation from the catalog,
 * so an event the platform wrote straight into Redis animates like any other.
 */
public final class SignalingGifts implements io.livestage.signaling.gifts.GiftBridge {
    private final GiftBridge bridge;
    private final List<Gift> catalog;
    private final Map<String, Animation> animations;

    public SignalingGifts(GiftBridge bridge) {
        this.bridge = bridge;
        this.catalog = bridge.catalog().gifts().stream().map(SignalingGifts::gift).toList();
        this.animations = catalog.stream().collect(Collectors.toUnmodifiableMap(Gift::giftId, Gift::animation));
    }

    @Override
    public List<Gift> catalog() {
        return catalog;
    }

    @Override
    public CompletionStage<Wallet> wallet(String userId) {
        return typed(bridge.store().wallet(userId), w -> new Wallet(w.balance(), w.earnings()));
    }

    @Override
    public CompletionStage<Receipt> send(Order order) {
        return typed(bridge.store().send(new GiftOrder(order.roomId(), order.senderId(), order.senderName(),
                order.recipientId(), order.giftId(), order.count(), order.key())), r -> new Receipt(r.txId(), r.balance()));
    }

    @Override
    public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
        return typed(bridge.store().credit(userId, coins, purchaseId), Function.identity());
    }

    @Override
    public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
        return typed(bridge.store().chargeCallMinute(new io.livestage.gifts.CallMinute(minute.callId(), minute.roomId(),
                minute.callerId(), minute.consultantId(), minute.minute(), minute.rate())),
                charge -> new MinuteCharge(charge.balance(), charge.charged()));
    }

    @Override
    public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
        return typed(bridge.store().reverse(new io.livestage.gifts.Reversal(reversal.reversalId(), reversal.ledgerId(),
                reversal.txId())), r -> new ReversalReceipt(r.txId(), r.reversedTxId(), r.kind(), r.payerId(),
                r.recipientId(), r.amount(), r.payerBalance(), r.recipientEarnings(), r.replay()));
    }

    @Override
    public CompletionStage<Erasure> erase(String userId) {
        return typed(bridge.store().erase(userId), e -> new Erasure(e.idempotencyRecords(), e.leaderboardEntries(),
                e.giftEvents()));
    }

    @Override
    public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
        return typed(bridge.store().leaderboard(roomId, top),
                board -> board.stream().map(g -> new TopGifter(g.userId(), g.name(), g.amount())).toList());
    }

    @Override
    public AutoCloseable watch(String roomId, Consumer<GiftEvent> events) {
        return bridge.feed().watch(roomId, event -> events.accept(new GiftEvent(event.roomId(), event.txId(),
                event.fromUserId(), event.fromName(), event.toUserId(), event.giftId(), event.count(), event.combo(),
                animations.get(event.giftId()), event.ts())));
    }

    @Override
    public void roomClosed(String roomId) {
        bridge.store().clearRoom(roomId);
    }

    private static Gift gift(GiftDefinition definition) {
        return new Gift(definition.giftId(), definition.name(), definition.price(), new Animation(
                definition.animation().url(), definition.animation().durationMs(), definition.animation().tier()));
    }

    /** Maps the result, and a {@link GiftException} to the protocol error clients branch on. */
    private static <T, R> CompletionStage<R> typed(CompletionStage<T> stage, Function<T, R> map) {
        return stage.handle((value, failure) -> {
            if (failure == null) {
                return map.apply(value);
            }
            Throwable cause = ProtocolException.causeOf(failure);
            if (cause instanceof GiftException refused) {
                throw new CompletionException(new ProtocolException(code(refused.reason()), refused.getMessage()));
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        });
    }

    private static ErrorCode code(GiftException.Reason reason) {
        return switch (reason) {
            case INSUFFICIENT_FUNDS -> ErrorCode.INSUFFICIENT_FUNDS;
            case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
            case CONFLICT -> ErrorCode.CONFLICT;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            // Data the bridge cannot use is our fault, not the client's; the bridge logged what it found.
            case INVALID_STATE -> ErrorCode.INTERNAL;
            default -> ErrorCode.BAD_REQUEST;
        };
    }
}

package io.livestage.gifts.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.livestage.gifts.CallMinute;
import io.livestage.gifts.Erasure;
import io.livestage.gifts.GiftCatalog;
import io.livestage.gifts.GiftDefinition;
import io.livestage.gifts.GiftException;
import io.livestage.gifts.GiftException.Reason;
import io.livestage.gifts.GiftMetrics;
import io.livestage.gifts.GiftOrder;
import io.livestage.gifts.GiftReceipt;
import io.livestage.gifts.GiftSettings;
import io.livestage.gifts.GiftStore;
import io.livestage.gifts.MinuteCharge;
import io.livestage.gifts.OrderRules;
import io.livestage.gifts.Reversal;
import io.livestage.gifts.ReversalReceipt;
import io.livestage.gifts.TopGifter;
import io.livestage.gifts.Wallet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wallets, gifts and leaderboards in Redis. Each send, credit, call minute or reversal is one Lua script that checks
 * everything before its first write, so it is applied whole or not at all. Stages complete on Lettuce's I/O
 * threads; callers hop to their own executor.
 */
public final class RedisGiftStore implements GiftStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGiftStore.class);
    static final long IDEMPOTENCY_TTL_MS = Duration.ofHours(24).toMillis();
    /** A safety net for shows whose end was never reported; clearRoom is the normal way out. */
    static final long LEADERBOARD_TTL_MS = Duration.ofDays(2).toMillis();
    /** Bounds the gifts stream: enough for any node that is minutes behind. */
    static final long GIFTS_STREAM_MAX = 100_000;

    /** The one thing clients hear of any Redis failure: an outcome they may retry with the same key. */
    private static final GiftException UNAVAILABLE = new GiftException(Reason.UNAVAILABLE,
            "the wallet service is unavailable; try again (a gift sent again with the same key is charged once)");

    private static final LuaScript SEND = LuaScript.load("send.lua");
    private static final LuaScript CREDIT = LuaScript.load("credit.lua");
    private static final LuaScript CALL_MINUTE = LuaScript.load("call_minute.lua");
    private static final LuaScript LEADERBOARD = LuaScript.load("leaderboard.lua");
    private static final LuaScript REVERSE = LuaScript.load("reverse.lua");

    private final RedisLink link;
    private final RedisKeys keys;
    private final OrderRules rules;
    private final GiftSettings settings;
    private final GiftMetrics metrics;

    RedisGiftStore(RedisLink link, RedisKeys keys, GiftCatalog catalog, GiftSettings settings, GiftMetrics metrics) {
        this.link = link;
        this.keys = keys;
        this.rules = new OrderRules(catalog, settings);
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<GiftReceipt> send(GiftOrder order) {
        long started = System.nanoTime();
        String[] scriptKeys;
        String[] args;
        try {
            GiftDefinition gift = rules.check(order);
            long amount = OrderRules.amount(gift, order);
            scriptKeys = new String[] {keys.idempotency(order.senderId(), order.key()), keys.wallet(order.senderId()),
                keys.wallet(order.recipientId()), keys.combos(order.roomId()), keys.leaderboard(order.roomId()),
                keys.leaderboardNames(order.roomId()), keys.ledger(), keys.gifts()};
            args = new String[] {UUID.randomUUID().toString(), order.roomId(), order.senderId(), order.senderName(),
                order.recipientId(), order.giftId(), Integer.toString(order.count()), Long.toString(amount),
                RedisKeys.comboField(order.senderId(), order.giftId()), Long.toString(settings.comboWindowMs()),
                Long.toString(IDEMPOTENCY_TTL_MS), Long.toString(LEADERBOARD_TTL_MS), Long.toString(GIFTS_STREAM_MAX)};
        } catch (GiftException e) {
            metrics.refused();
            return CompletableFuture.failedFuture(e);
        }
        return call(link.commands().thenCompose(redis -> SEND.<List<Object>>run(redis, ScriptOutputType.MULTI,
                scriptKeys, args)), reply -> {
                    GiftReceipt receipt = receipt(reply);
                    if (!receipt.replay()) {
                        metrics.sent(receipt.amount(), System.nanoTime() - started);
                    }
                    return receipt;
                });
    }

    private GiftReceipt receipt(List<Object> reply) {
        Object status = reply.get(0);
        if ("INSUFFICIENT_FUNDS".equals(status)) {
            metrics.refused();
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "balance " + reply.get(1) + " is too low");
        }
        if ("CONFLICT".equals(status)) {
            metrics.refused();
        }
        refusal(reply);
        return new GiftReceipt((String) reply.get(1), (Long) reply.get(2), Math.toIntExact((Long) reply.get(3)),
                (Long) reply.get(4), (Long) reply.get(5), (Long) reply.get(6) == 1L);
    }

    /** Throws for the refusals every script may answer with; an {@code OK} reply passes. */
    private static void refusal(List<Object> reply) {
        Object status = reply.get(0);
        if ("CONFLICT".equals(status)) {
            throw new GiftException(Reason.CONFLICT, (String) reply.get(1));
        }
        if ("INVALID_STATE".equals(status)) {
            // Someone else wrote into our keys; the script stopped before its first write. Operators must look.
            LOG.error("gift store refused a request over data it cannot use: {}", reply.get(1));
            throw new GiftException(Reason.INVALID_STATE, "the gift service holds data it cannot use");
        }
    }

    @Override
    public CompletionStage<Wallet> wallet(String userId) {
        try {
            OrderRules.id("userId", userId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(link.commands().thenCompose(redis -> redis.hmget(keys.wallet(userId), "balance", "earnings")),
                values -> new Wallet(number(values.get(0)), number(values.get(1))));
    }

    private static long number(KeyValue<String, String> field) {
        return field.hasValue() ? Long.parseLong(field.getValue()) : 0;
    }

    @Override
    public CompletionStage<Long> credit(String userId, long coins, String purchaseId) {
        try {
            OrderRules.checkCredit(userId, coins, purchaseId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        String[] scriptKeys = {keys.purchase(purchaseId), keys.wallet(userId), keys.ledger()};
        return call(link.commands().thenCompose(redis -> CREDIT.<List<Object>>run(redis, ScriptOutputType.MULTI,
                scriptKeys, userId, Long.toString(coins), purchaseId, UUID.randomUUID().toString())), reply -> {
                    refusal(reply);
                    return (Long) reply.get(1);
                });
    }

    @Override
    public CompletionStage<MinuteCharge> chargeCallMinute(CallMinute minute) {
        try {
            minute.check();
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        String[] scriptKeys = {keys.call(minute.callId()), keys.wallet(minute.callerId()),
            keys.wallet(minute.consultantId()), keys.ledger()};
        String[] args = {UUID.randomUUID().toString(), minute.callId(), minute.roomId(), minute.callerId(),
            minute.consultantId(), Integer.toString(minute.minute()), Long.toString(minute.rate()),
            Long.toString(IDEMPOTENCY_TTL_MS)};
        return call(link.commands().thenCompose(redis -> CALL_MINUTE.<List<Object>>run(redis, ScriptOutputType.MULTI,
                scriptKeys, args)), RedisGiftStore::minuteCharge);
    }

    private static MinuteCharge minuteCharge(List<Object> reply) {
        if ("INSUFFICIENT_FUNDS".equals(reply.get(0))) {
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "balance " + reply.get(1) + " cannot pay the next minute");
        }
        refusal(reply);
        return new MinuteCharge((String) reply.get(1), (Long) reply.get(2), (Long) reply.get(3), (Long) reply.get(4) == 1L);
    }

    /**
     * Reads the entry first to name the two wallets (a script must declare its keys), then runs the script,
     * which reads it again and checks everything before it writes.
     */
    @Override
    public CompletionStage<ReversalReceipt> reverse(Reversal reversal) {
        try {
            reversal.check();
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<List<Object>> reply = link.commands().thenCompose(redis ->
                redis.xrange(keys.ledger(), Range.create(reversal.ledgerId(), reversal.ledgerId())).thenCompose(found -> {
                    Map<String, String> entry = found.isEmpty() ? Map.of() : found.get(0).getBody();
                    String payer = entry.getOrDefault("from", "");
                    String recipient = entry.getOrDefault("to", "");
                    String[] scriptKeys = {keys.reversal(reversal.reversalId()), keys.reversed(reversal.ledgerId()),
                        keys.ledger(), keys.wallet(payer), keys.wallet(recipient)};
                    return REVERSE.<List<Object>>run(redis, ScriptOutputType.MULTI, scriptKeys, reversal.reversalId(),
                            reversal.ledgerId(), reversal.txId(), UUID.randomUUID().toString(), payer, recipient);
                }));
        return call(reply, RedisGiftStore::reversalReceipt);
    }

    private static ReversalReceipt reversalReceipt(List<Object> reply) {
        Object status = reply.get(0);
        if ("INSUFFICIENT_FUNDS".equals(status)) {
            throw new GiftException(Reason.INSUFFICIENT_FUNDS, "the recipient's earnings " + reply.get(1)
                    + " cannot give the amount back");
        }
        if ("NOT_FOUND".equals(status)) {
            throw new GiftException(Reason.NOT_FOUND, (String) reply.get(1));
        }
        if ("BAD_REQUEST".equals(status)) {
            throw new GiftException(Reason.BAD_REQUEST, (String) reply.get(1));
        }
        refusal(reply);
        return new ReversalReceipt((String) reply.get(1), (String) reply.get(2), (String) reply.get(3),
                (String) reply.get(4), (String) reply.get(5), (Long) reply.get(6), (Long) reply.get(7),
                (Long) reply.get(8), (Long) reply.get(9) == 1L);
    }

    @Override
    public CompletionStage<Erasure> erase(String userId) {
        try {
            OrderRules.id("userId", userId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(link.commands().thenCompose(redis -> new RedisErasure(redis, keys, userId).run()), erased -> erased);
    }

    @Override
    public CompletionStage<List<TopGifter>> leaderboard(String roomId, int top) {
        try {
            OrderRules.id("roomId", roomId);
        } catch (GiftException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (top <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        String[] scriptKeys = {keys.leaderboard(roomId), keys.leaderboardNames(roomId)};
        return call(link.commands().thenCompose(redis -> LEADERBOARD.<List<Object>>run(redis,
                ScriptOutputType.MULTI, scriptKeys, Integer.toString(top))), RedisGiftStore::topGifters);
    }

    private static List<TopGifter> topGifters(List<Object> flat) {
        List<TopGifter> board = new ArrayList<>(flat.size() / 3);
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            // Scores are exact integers below 2^53 and Redis prints them without a fraction.
            long coins = (long) Double.parseDouble((String) flat.get(i + 2));
            board.add(new TopGifter((String) flat.get(i), (String) flat.get(i + 1), coins));
        }
        return board;
    }

    @Override
    public void clearRoom(String roomId) {
        if (roomId == null || roomId.isBlank()) {
            return;
        }
        link.commands()
                .thenCompose(redis -> redis.del(keys.leaderboard(roomId), keys.leaderboardNames(roomId),
                        keys.combos(roomId)))
                .whenComplete((deleted, e) -> {
                    if (e != null) {
                        metrics.redisError();
                        LOG.warn("could not clear gift keys of room {}: {}", roomId, e.toString());
                    }
                });
    }

    @Override
    public void close() {
        // Nothing to release: the bridge closes the Redis link it shares with the feed.
    }

    /**
     * Completes with the reply mapped, or with a {@link GiftException} itself (not wrapped), so callers'
     * handlers see the reason directly; any Redis failure is UNAVAILABLE. Always completes: a reply the
     * mapper cannot read is INVALID_STATE rather than a request left waiting for ever. What clients are told
     * names neither Redis's address nor the exception; the log has both.
     */
    private <R, T> CompletionStage<T> call(CompletionStage<R> command, Function<R, T> mapper) {
        CompletableFuture<T> result = new CompletableFuture<>();
        command.whenComplete((reply, failure) -> {
            if (failure == null) {
                try {
                    result.complete(mapper.apply(reply));
                } catch (GiftException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    LOG.error("gift store could not read Redis's reply {}", reply, e);
                    result.completeExceptionally(new GiftException(Reason.INVALID_STATE,
                            "the gift service gave an answer it cannot read"));
                }
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            metrics.redisError();
            LOG.debug("gift store command failed", cause);
            result.completeExceptionally(UNAVAILABLE);
        });
        return result;
    }
}

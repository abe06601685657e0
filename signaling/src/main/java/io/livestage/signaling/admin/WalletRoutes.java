package io.livestage.signaling.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.Fields;
import io.livestage.signaling.protocol.ProtocolException;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Money and personal data: read a wallet, credit a purchase, reverse a gift or call minute (a refund, as a
 * new ledger entry), and erase a user's non-ledger data. Writes are idempotent by the caller's key.
 */
public final class WalletRoutes {
    /** Ids of users, purchases and reversals; the gift bridge's own bound. */
    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_USER_ID_CHARS = 64;
    private static final long MAX_COINS = 1_000_000_000L;

    private final GiftBridge gifts;

    public WalletRoutes(GiftBridge gifts) {
        this.gifts = gifts;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(HttpMethod.GET, "/api/users/{userId}/wallet", (params, body) -> wallet(params.get("userId"))),
                new ApiRoute(HttpMethod.POST, "/api/wallet/credit", (params, body) -> credit(body)),
                new ApiRoute(HttpMethod.POST, "/api/ledger/reversals", (params, body) -> reverse(body)),
                new ApiRoute(HttpMethod.POST, "/api/users/{userId}/erase", (params, body) -> erase(params.get("userId"))));
    }

    private CompletionStage<ApiAnswer> wallet(String userId) {
        String user = userId(userId);
        return gifts.wallet(user).thenApply(wallet -> ApiAnswer.ok(Map.of("userId", user, "balance", wallet.balance(),
                "earnings", wallet.earnings())));
    }

    /** A coin purchase, once per purchase id (the answer the platform has relied on since before this API). */
    private CompletionStage<ApiAnswer> credit(JsonNode body) {
        Fields fields = new Fields(body);
        String userId = fields.text("userId", MAX_USER_ID_CHARS);
        long coins = fields.integer("coins", 1, MAX_COINS);
        String purchaseId = fields.text("purchaseId", MAX_ID_CHARS);
        return gifts.credit(userId, coins, purchaseId).thenApply(balance -> {
            if (balance == null) {
                throw new IllegalStateException("the wallet service answered with no balance");
            }
            return ApiAnswer.ok(Map.of("balance", balance));
        });
    }

    private CompletionStage<ApiAnswer> reverse(JsonNode body) {
        Fields fields = new Fields(body);
        GiftBridge.Reversal reversal = new GiftBridge.Reversal(fields.text("reversalId", MAX_ID_CHARS),
                fields.text("ledgerId", MAX_ID_CHARS), fields.text("txId", MAX_ID_CHARS));
        return gifts.reverse(reversal).thenApply(receipt -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("reversalId", reversal.reversalId());
            answer.put("txId", receipt.txId());
            answer.put("reversedTxId", receipt.reversedTxId());
            answer.put("ledgerId", reversal.ledgerId());
            answer.put("kind", receipt.kind());
            answer.put("payerId", receipt.payerId());
            answer.put("recipientId", receipt.recipientId());
            answer.put("amount", receipt.amount());
            answer.put("payerBalance", receipt.payerBalance());
            answer.put("recipientEarnings", receipt.recipientEarnings());
            answer.put("replay", receipt.replay());
            return ApiAnswer.ok(answer);
        });
    }

    private CompletionStage<ApiAnswer> erase(String userId) {
        String user = userId(userId);
        return gifts.erase(user).thenApply(erased -> ApiAnswer.ok(Map.of("userId", user, "erased", Map.of(
                "idempotencyRecords", erased.idempotencyRecords(),
                "leaderboardEntries", erased.leaderboardEntries(),
                "giftEvents", erased.giftEvents()))));
    }

    private static String userId(String userId) {
        if (userId.codePointCount(0, userId.length()) > MAX_USER_ID_CHARS) {
            throw ProtocolException.badRequest("userId must be at most " + MAX_USER_ID_CHARS + " characters");
        }
        return userId;
    }
}

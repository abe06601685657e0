package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.admin.ApiAnswer;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.Fields;
import io.livestage.signaling.protocol.ProtocolException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Free coins in dev mode only: {@code POST /dev/credit}, so people can try gifts and calls. The platform's
 * purchases come through the server API ({@code POST /api/wallet/credit}, service key).
 */
final class WalletCredits {
    static final String DEV_CREDIT_PATH = "/dev/credit";
    private static final long MAX_COINS = 1_000_000_000L;

    private final GiftBridge gifts;

    WalletCredits(GiftBridge gifts) {
        this.gifts = gifts;
    }

    /**
     * Credits the wallet the body names; never throws and never fails: every outcome, a bridge's bug
     * included, is an answer, so no HTTP request is left waiting.
     */
    CompletionStage<ApiAnswer> credit(JsonNode body) {
        try {
            if (body == null || !body.isObject()) {
                throw ProtocolException.badRequest("the body must be a JSON object");
            }
            Fields fields = new Fields(body);
            String userId = fields.text("userId", 64);
            long coins = fields.integer("coins", 1, MAX_COINS);
            return gifts.credit(userId, coins, "dev-" + UUID.randomUUID()).handle((balance, failure) ->
                    failure == null && balance != null ? ApiAnswer.ok(Map.of("balance", balance))
                            : ApiAnswer.failure(failure == null
                                    ? new IllegalStateException("the wallet service answered with no balance") : failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ApiAnswer.failure(e));
        }
    }
}

package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.gifts.GiftBridge;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.Fields;
import io.livestage.signaling.protocol.ProtocolException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.LoggerFactory;

/**
 * Coin purchases reach wallets over HTTP: {@code POST /api/wallet/credit} for the platform's
 * backend, authenticated by the service key (never a user token) and idempotent by purchase
 * id; and in dev mode only {@code POST /dev/credit} so people can try gifts and calls.
 */
final class WalletCredits {
    static final String CREDIT_PATH = "/api/wallet/credit";
    static final String DEV_CREDIT_PATH = "/dev/credit";
    private static final long MAX_COINS = 1_000_000_000L;

    /** An HTTP answer: status and JSON body. */
    record Answer(HttpResponseStatus status, Map<String, Object> body) {}

    private final GiftBridge gifts;
    private final byte[] expectedAuthorization;
    private final boolean devMode;

    WalletCredits(GiftBridge gifts, String serviceKey, boolean devMode) {
        this.gifts = gifts;
        this.expectedAuthorization = ("Bearer " + serviceKey).getBytes(StandardCharsets.UTF_8);
        this.devMode = devMode;
    }

    boolean handles(String path) {
        return CREDIT_PATH.equals(path) || (devMode && DEV_CREDIT_PATH.equals(path));
    }

    /**
     * Credits the wallet the body names; never throws and never fails: every outcome, a bridge's bug
     * included, is an answer, so no HTTP request is left waiting.
     */
    CompletionStage<Answer> credit(String path, String authorization, JsonNode body) {
        boolean platform = CREDIT_PATH.equals(path);
        if (platform && (authorization == null
                || !MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8)))) {
            return CompletableFuture.completedFuture(new Answer(HttpResponseStatus.UNAUTHORIZED,
                    Map.of("error", "unauthorized", "message", "a valid service key is required")));
        }
        try {
            if (body == null || !body.isObject()) {
                throw ProtocolException.badRequest("the body must be a JSON object");
            }
            Fields fields = new Fields(body);
            String userId = fields.text("userId", 64);
            long coins = fields.integer("coins", 1, MAX_COINS);
            String purchaseId = platform ? fields.text("purchaseId", 128) : "dev-" + UUID.randomUUID();
            return gifts.credit(userId, coins, purchaseId).handle((balance, failure) -> failure == null && balance != null
                    ? new Answer(HttpResponseStatus.OK, Map.of("balance", balance))
                    : refused(failure == null ? new IllegalStateException("the wallet service answered with no balance")
                            : failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(refused(e));
        }
    }

    private static Answer refused(Throwable failure) {
        Throwable cause = ProtocolException.causeOf(failure);
        if (cause instanceof ProtocolException refused && refused.code() != ErrorCode.INTERNAL) {
            HttpResponseStatus status = switch (refused.code()) {
                case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
                // The purchase id was credited with other terms: the platform's bug, not a retry.
                case CONFLICT -> HttpResponseStatus.CONFLICT;
                default -> HttpResponseStatus.BAD_REQUEST;
            };
            return new Answer(status, Map.of("error", refused.code().wire(), "message", refused.getMessage()));
        }
        if (!(cause instanceof ProtocolException)) {
            LoggerFactory.getLogger(WalletCredits.class).error("crediting a wallet failed", cause);
        }
        return new Answer(HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal", "message", "internal error"));
    }
}

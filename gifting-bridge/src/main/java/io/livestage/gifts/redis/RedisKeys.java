package io.livestage.gifts.redis;

/**
 * The key layout under one prefix. Ids are escaped ({@code %} → {@code %25}, {@code :} → {@code %3A}) so
 * that ids containing colons cannot collide; ordinary ids appear unchanged.
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("Redis key prefix must not be blank");
        }
        this.prefix = prefix;
    }

    /** Hash {balance, earnings}. */
    String wallet(String userId) {
        return prefix + ":wallet:" + part(userId);
    }

    /**
     * Hash {txId, balance, combo, amount, ts}: the first receipt of a send, kept for a day, with the send's terms
     * {room, to, gift, count} so the key reused for another gift is told apart from a retry.
     */
    String idempotency(String senderId, String key) {
        return prefix + ":idem:" + part(senderId) + ":" + part(key);
    }

    /** Hash {user, coins, balance}: what the purchase credited and the balance right after. */
    String purchase(String purchaseId) {
        return prefix + ":purchase:" + part(purchaseId);
    }

    /**
     * Hash of a paid call's billing: {caller, consultant, room, rate, minutes, charged} plus, per charged minute n,
     * {tx:n, balance:n, charged:n} so a retry of minute n answers as the first charge did.
     */
    String call(String callId) {
        return prefix + ":call:" + part(callId);
    }

    /** Hash {sender:gift → "combo:closesAtMs"} of a room; expires one window after its last gift. */
    String combos(String roomId) {
        return prefix + ":combo:" + part(roomId);
    }

    static String comboField(String senderId, String giftId) {
        return part(senderId) + ":" + part(giftId);
    }

    /** Sorted set {userId → coins spent} of a show. */
    String leaderboard(String roomId) {
        return prefix + ":lb:" + part(roomId);
    }

    /** Hash {userId → display name} of a show's gifters. */
    String leaderboardNames(String roomId) {
        return prefix + ":lb:" + part(roomId) + ":names";
    }

    /**
     * Hash {ledger, txId, reversalTx, kind, from, to, amount, balance, earnings}: a reversal's first receipt and
     * the entry it reversed, kept like purchases (a refund's retry may come long after).
     */
    String reversal(String reversalId) {
        return prefix + ":reversal:" + part(reversalId);
    }

    /** String: the reversal id that reversed a ledger entry, so no entry is reversed twice. */
    String reversed(String ledgerId) {
        return prefix + ":reversed:" + part(ledgerId);
    }

    /** Glob matching every key of a family, e.g. {@code family("lb")} → {@code <prefix>:lb:*}; the prefix escaped. */
    String family(String family) {
        return glob(prefix + ":" + family + ":") + "*";
    }

    /** Glob matching the user's gift idempotency keys. */
    String idempotencyOf(String senderId) {
        return glob(prefix + ":idem:" + part(senderId) + ":") + "*";
    }

    /** Escapes Redis glob characters, so an id with {@code *} or {@code ?} matches only itself. */
    static String glob(String literal) {
        StringBuilder out = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Stream of coin movements for settlement. */
    String ledger() {
        return prefix + ":ledger";
    }

    /** Stream of gift events every node reads. */
    String gifts() {
        return prefix + ":gifts";
    }

    static String part(String id) {
        if (id.indexOf('%') < 0 && id.indexOf(':') < 0) {
            return id;
        }
        return id.replace("%", "%25").replace(":", "%3A");
    }
}

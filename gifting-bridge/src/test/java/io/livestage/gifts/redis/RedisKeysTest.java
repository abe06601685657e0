package io.livestage.gifts.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("ls");

    @Test
    void ordinaryIdsAppearAsDocumented() {
        assertEquals("ls:wallet:u1", keys.wallet("u1"));
        assertEquals("ls:idem:u1:k1", keys.idempotency("u1", "k1"));
        assertEquals("ls:purchase:p1", keys.purchase("p1"));
        assertEquals("ls:combo:r1", keys.combos("r1"));
        assertEquals("u1:rose", RedisKeys.comboField("u1", "rose"));
        assertEquals("ls:lb:r1", keys.leaderboard("r1"));
        assertEquals("ls:lb:r1:names", keys.leaderboardNames("r1"));
        assertEquals("ls:ledger", keys.ledger());
        assertEquals("ls:gifts", keys.gifts());
    }

    @Test
    void colonsInIdsCannotMakeTwoKeysCollide() {
        assertNotEquals(keys.idempotency("a:b", "c"), keys.idempotency("a", "b:c"));
        assertEquals("ls:idem:a%3Ab:c", keys.idempotency("a:b", "c"));
        assertEquals("ls:wallet:50%25%3Aoff", keys.wallet("50%:off"));
        assertNotEquals(keys.leaderboardNames("r"), keys.leaderboard("r:names"));
    }
}

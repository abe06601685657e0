package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConsentFreshnessTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void expiresThirtySecondsAfterTheLastProof() {
        long start = 5 * SECOND;
        ConsentFreshness consent = new ConsentFreshness(ConsentFreshness.DEFAULT_TIMEOUT, start);
        assertFalse(consent.expired(start + 29 * SECOND));
        consent.refreshed(start + 20 * SECOND);
        assertFalse(consent.expired(start + 49 * SECOND));
        assertTrue(consent.expired(start + 50 * SECOND));
    }

    @Test
    void aPeerThatNeverChecksExpiresToo() {
        ConsentFreshness consent = new ConsentFreshness(Duration.ofSeconds(2), 0);
        assertTrue(consent.expired(2 * SECOND));
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ConsentFreshness(Duration.ZERO, 0));
    }
}

package io.livestage.signaling.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillAtTheRate() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertTrue(bucket.tryTake(0));
        assertFalse(bucket.tryTake(0));
        assertFalse(bucket.tryTake(SECOND / 4));
        assertTrue(bucket.tryTake(SECOND / 2));
        assertFalse(bucket.isFull(SECOND / 2));
        assertTrue(bucket.isFull(10 * SECOND), "refills up to the burst, never beyond");
        assertTrue(bucket.tryTake(10 * SECOND));
        assertTrue(bucket.tryTake(10 * SECOND));
        assertTrue(bucket.tryTake(10 * SECOND));
        assertFalse(bucket.tryTake(10 * SECOND));
    }

    @Test
    void usersHaveSeparateBucketsAndFullOnesAreSwept() {
        AtomicLong now = new AtomicLong();
        UserRateLimiter limiter = new UserRateLimiter(1, 1, now::get);
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"));
        limiter.sweep();
        assertEquals(2, limiter.trackedUsers());
        now.set(5 * SECOND);
        limiter.sweep();
        assertEquals(0, limiter.trackedUsers());
        assertTrue(limiter.tryAcquire("a"));
    }
}

package io.livestage.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backoff by the numbers, on an imagined clock: no test waits a day. */
class RetryScheduleTest {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long DAY = 24 * 60 * MINUTE;

    @Test
    void delaysDoubleFromOneSecondUpToTenMinutes() {
        RetrySchedule full = new RetrySchedule(SECOND, 10 * MINUTE, DAY, () -> 0.999_999_999);
        List<Long> delays = new ArrayList<>();
        for (int failed = 1; failed <= 12; failed++) {
            delays.add(full.delayMs(failed));
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 64000L, 128000L, 256000L, 512000L,
                600000L, 600000L), delays);
        assertEquals(10 * MINUTE, full.delayMs(10_000), "no overflow after many failures");
    }

    @Test
    void jitterKeepsEachDelayBetweenHalfAndAllOfIt() {
        RetrySchedule least = new RetrySchedule(SECOND, 10 * MINUTE, DAY, () -> 0.0);
        RetrySchedule middle = new RetrySchedule(SECOND, 10 * MINUTE, DAY, () -> 0.5);
        assertEquals(500, least.delayMs(1));
        assertEquals(750, middle.delayMs(1));
        assertEquals(300_000, least.delayMs(20));
        assertEquals(450_000, middle.delayMs(20));
    }

    @Test
    void retriesGoOnForADayAfterTheEventThenStop() {
        RetrySchedule schedule = new RetrySchedule(SECOND, 10 * MINUTE, DAY, () -> 0.999_999_999);
        long created = 1_764_900_000_000L;
        long now = created;
        int failed = 0;
        List<Long> attempts = new ArrayList<>();
        while (true) {
            failed++;
            long next = schedule.nextAttemptMs(failed, created, now);
            if (next < 0) {
                break;
            }
            assertTrue(next > now && next <= created + DAY);
            now = next;
            attempts.add(now);
        }
        assertEquals(created + DAY, now, "the last attempt is made at the deadline");
        // 1 s .. 512 s (10 attempts, 1,023 s), then every 10 minutes until a day has passed, then the deadline.
        assertEquals(10 + (DAY - 1_023_000) / (10 * MINUTE) + 1, attempts.size());
        assertEquals(-1, schedule.nextAttemptMs(1, created, created + DAY + 1), "an event older than a day is given up");
    }

    @Test
    void theLastWaitIsCutToTheDeadline() {
        RetrySchedule schedule = new RetrySchedule(SECOND, 10 * MINUTE, DAY, () -> 0.999_999_999);
        long created = 0;
        assertEquals(DAY, schedule.nextAttemptMs(50, created, DAY - 5 * SECOND));
    }
}

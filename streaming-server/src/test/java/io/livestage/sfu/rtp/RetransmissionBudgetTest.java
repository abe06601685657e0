package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetransmissionBudgetTest {
    private static final long MS = 1_000_000;

    @Test
    void aBurstGoesAtOnceThenTheRateRefillsIt() {
        RetransmissionBudget budget = new RetransmissionBudget(100_000, 3_000);
        assertTrue(budget.take(1_200, 0));
        assertTrue(budget.take(1_200, 0));
        assertFalse(budget.take(1_200, 0), "600 bytes left of the burst");
        assertFalse(budget.take(1_200, 5 * MS), "500 bytes back after 5 ms");
        assertTrue(budget.take(1_200, 10 * MS), "1,100 after 10 ms, plus what was left");
    }

    @Test
    void anIdleSubscriberSavesNoMoreThanTheBurst() {
        RetransmissionBudget budget = new RetransmissionBudget(100_000, 3_000);
        budget.take(100, 0);
        long hourLater = 3_600_000 * MS;
        assertTrue(budget.take(1_500, hourLater));
        assertTrue(budget.take(1_500, hourLater));
        assertFalse(budget.take(1, hourLater));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionBudget(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionBudget(1, -1));
    }
}

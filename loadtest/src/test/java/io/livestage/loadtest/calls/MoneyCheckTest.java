package io.livestage.loadtest.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.loadtest.scenario.ReceiveTotals;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyCheckTest {

    private static final long CREDIT = 100;
    private static final long RATE = 10;

    @Test
    void callsThatChargedTheirStartedMinutesFromTheCallerToTheConsultantAddUp() {
        MoneyCheck check = MoneyCheck.of(List.of(settled(4, 40, 60, 40), settled(1, 10, 90, 10),
                CallOutcome.unfinished()), CREDIT, RATE);
        assertTrue(check.addsUp(), check.toString());
        assertEquals(2, check.settled());
        assertEquals(50, check.charged());
        assertEquals(50, check.debited());
        assertEquals(50, check.earned());
    }

    @Test
    void aWalletOffByOneCoinOrAMinuteChargedTwiceDoesNotAddUp() {
        MoneyCheck wallet = MoneyCheck.of(List.of(settled(4, 40, 59, 40)), CREDIT, RATE);
        assertFalse(wallet.addsUp());
        assertEquals(List.of("call 0: balance 59 != credit 100 - charged 40"), wallet.mismatches());

        MoneyCheck twice = MoneyCheck.of(List.of(settled(3, 40, 60, 40)), CREDIT, RATE);
        assertFalse(twice.addsUp());
        assertEquals(1, twice.mismatched());
        assertTrue(twice.mismatches().get(0).contains("charged 40 != 3 started minutes x 10"), twice.toString());

        MoneyCheck unpaid = MoneyCheck.of(List.of(settled(4, 40, 60, 30)), CREDIT, RATE);
        assertFalse(unpaid.addsUp());
        assertEquals(30, unpaid.earned());
    }

    @Test
    void aStartedCallWhoseWalletsWereNotReadIsUnsettledNotChecked() {
        CallOutcome unread = new CallOutcome("wallet.balance", true, 1, 1, "hangup", 20, 2, 20, -1, -1, 1, 1, 0, 0,
                ReceiveTotals.NONE, ReceiveTotals.NONE);
        MoneyCheck check = MoneyCheck.of(List.of(unread), CREDIT, RATE);
        assertEquals(0, check.settled());
        assertEquals(1, check.unsettled());
    }

    private static CallOutcome settled(long minutes, long charged, long balance, long earned) {
        return new CallOutcome("", true, 1_000_000, 2_000_000, "hangup", charged, minutes, charged, balance, earned,
                minutes - 1, minutes - 1, 0, 0, ReceiveTotals.NONE, ReceiveTotals.NONE);
    }
}

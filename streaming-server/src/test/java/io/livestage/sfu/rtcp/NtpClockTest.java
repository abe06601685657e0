package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NtpClockTest {

    @Test
    void unixTimeBecomesSecondsSince1900AndA32BitFraction() {
        assertEquals(0x83aa7e80_00000000L, NtpClock.fromEpochMillis(0));
        assertEquals(0x83aa7e81_80000000L, NtpClock.fromEpochMillis(1500));
        assertEquals(0xe8fe6f80_40000000L, NtpClock.fromEpochMillis(1_700_000_000_250L));
    }

    @Test
    void theSecondsWrapIn2036AsNtpEraOneBegins() {
        long eraOneMillis = (1L << 32) * 1000 - NtpClock.UNIX_EPOCH_IN_NTP_SECONDS * 1000;
        assertEquals(0, NtpClock.fromEpochMillis(eraOneMillis));
        NtpClock clock = new NtpClock(eraOneMillis - 500, 77);
        assertEquals(0xffffffff_80000000L, clock.ntpAt(77));
        assertEquals(0x00000000_80000000L, clock.ntpAt(77 + 1_000_000_000L));
    }

    @Test
    void advancesWithTheMonotonicClockFromItsAnchor() {
        NtpClock clock = new NtpClock(0, 5_000);
        assertEquals(0x83aa7e80_40000000L, clock.ntpAt(5_000 + 250_000_000L));
        assertEquals(0x83aa7e7f_c0000000L, clock.ntpAt(5_000 - 250_000_000L));
    }

    @Test
    void compactFormIsTheMiddle32Bits() {
        assertEquals(0x7e804000L, NtpClock.compact(0x83aa7e80_40000000L));
        assertEquals(0xffff8000L, NtpClock.compact(0x0000ffff_80001234L));
    }

    @Test
    void durationsInCompactUnits() {
        assertEquals(0x8000, NtpClock.compactOf(500_000_000L));
        assertEquals(0x18000, NtpClock.compactOf(1_500_000_000L));
        assertEquals(0, NtpClock.compactOf(-1));
        assertEquals(0xffffffffL, NtpClock.compactOf(70_000L * 1_000_000_000L), "saturates past 65536 s");
        assertEquals(500_000_000L, NtpClock.nanosOfCompact(0x8000));
        assertEquals(6_125_000_000L, NtpClock.nanosOfCompact(0x00062000));
        assertEquals(0xfffffffbL, NtpClock.durationOf(999_999_999L), "fraction truncated, just under one second");
        assertEquals(-0x40000000L, NtpClock.durationOf(-250_000_000L));
    }
}

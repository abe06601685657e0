package io.livestage.signaling.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallsConfigTest {
    @Test
    void ratesOutsideTheBoundsAreNotAllowed() {
        CallsConfig calls = new CallsConfig(60_000, 30_000, 30_000, 5, 100, 10);
        assertTrue(calls.allows(5));
        assertTrue(calls.allows(100));
        assertFalse(calls.allows(4));
        assertFalse(calls.allows(101));
    }

    @Test
    void inconsistentSettingsAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CallsConfig(0, 1, 1, 1, 1, 1))
                .getMessage().contains("calls.minuteMs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CallsConfig(1, 1, 1, 10, 5, 10))
                .getMessage().contains("calls.maxRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CallsConfig(1, 1, 1, 10, 50, 60))
                .getMessage().contains("calls.defaultRate"));
    }
}

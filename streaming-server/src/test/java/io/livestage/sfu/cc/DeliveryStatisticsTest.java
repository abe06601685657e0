package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeliveryStatisticsTest {

    @Test
    void acceptsASensibleSnapshot() {
        DeliveryStatistics stats = new DeliveryStatistics(100, 2, 0.02, -0.01, 1_000_000, 0, 900_000, 5, 0);
        assertEquals(2, stats.packetsLost());
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 2, 0, 0, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, -1, 0, 0, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 0, 1.5, 0, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 0, Double.NaN, 0, 0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 0, 0, 0, -1, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 0, 0, 0, 0, 0, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryStatistics(1, 0, 0, 0, 0, 0, 0, 1, -1));
    }
}

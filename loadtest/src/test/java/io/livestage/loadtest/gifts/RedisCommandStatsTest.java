package io.livestage.loadtest.gifts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisCommandStatsTest {

    private static final String BEFORE = """
            # Commandstats\r
            cmdstat_evalsha:calls=10,usec=500,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r
            cmdstat_xinfo|stream:calls=3,usec=30,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=1,usec=40,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r
            """;
    private static final String AFTER = """
            # Commandstats\r
            cmdstat_evalsha:calls=110,usec=5500,usec_per_call=50.00,rejected_calls=0,failed_calls=0\r
            cmdstat_hincrby:calls=200,usec=200,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
            cmdstat_xinfo|stream:calls=3,usec=30,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=2,usec=80,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r
            """;

    @Test
    void theDeltaHasTheCommandsCalledBetweenSamplesWithoutOurOwnInfo() {
        Map<String, Long> before = RedisCommandStats.parse(BEFORE);
        assertEquals(Map.of("evalsha", 10L, "xinfo|stream", 3L, "info", 1L), before);
        assertEquals(Map.of("evalsha", 100L, "hincrby", 200L),
                RedisCommandStats.delta(before, RedisCommandStats.parse(AFTER)));
    }
}

package io.livestage.loadtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livestage.sfu.srtp.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark measures forwarding, not failures: every packet reaches every subscriber, across a sequence wrap. */
class FanOutBenchmarkTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyPacketGoesToEverySubscriberPastTheSequenceCycle(SrtpProfile profile) {
        FanOutBenchmark benchmark = new FanOutBenchmark();
        benchmark.subscribers = 3;
        benchmark.profile = profile;
        benchmark.setUp();
        for (int i = 0; i < 65_536 + 1_000; i++) {
            assertEquals(3, benchmark.fanOut());
        }
    }
}

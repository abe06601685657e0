package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AbsSendTimeTest {

    @Test
    void sixPointEighteenFixedPointSeconds() {
        assertEquals(0x000000, AbsSendTime.at(0));
        assertEquals(0x040000, AbsSendTime.at(1_000_000)); // 1 s = 1 << 18
        assertEquals(0x020000, AbsSendTime.at(500_000));
        assertEquals(0x0A6000, AbsSendTime.at(2_593_750)); // 2 + 0.59375 s = 2 + 38912/65536
        assertEquals(262, AbsSendTime.at(1_000)); // 1 ms = 262.144 units
        assertEquals(1, AbsSendTime.at(2)); // 0.52 units rounds up
        assertEquals(0, AbsSendTime.at(1)); // 0.26 units rounds down
    }

    @Test
    void wrapsEverySixtyFourSeconds() {
        assertEquals(0xFFFFFF, AbsSendTime.at(63_999_997)); // 2^24 - 0.79 units
        assertEquals(0, AbsSendTime.at(63_999_999)); // rounds up to 2^24, which is 0 again
        assertEquals(0, AbsSendTime.at(64_000_000));
        assertEquals(0x040000, AbsSendTime.at(65_000_000));
        assertEquals(0x040000, AbsSendTime.at(1_000_000 + 64_000_000L * 1_000_000_000L));
        assertEquals(0xFC0000, AbsSendTime.at(-1_000_000)); // 63 s
    }

    @Test
    void writesThreeBytesInNetworkOrder() {
        byte[] buf = Hex.bytes("aa 000000 bb");
        AbsSendTime.write(buf, 1, 2_593_750);
        assertEquals("aa0a6000bb", Hex.of(buf, 0, buf.length));
        AbsSendTime.write(buf, 1, 63_999_997);
        assertEquals("aaffffffbb", Hex.of(buf, 0, buf.length));
    }
}

package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class H264PayloadTest {

    private static boolean isKey(String hex) {
        byte[] buf = Hex.bytes(hex);
        return H264Payload.isKeyframe(buf, 0, buf.length);
    }

    @Test
    void singleNalUnits() {
        assertTrue(isKey("65 88 84 00"), "IDR slice");
        assertFalse(isKey("41 9a 02 00"), "non-IDR slice");
        assertFalse(isKey("67 42 c0 1f"), "SPS alone is not the keyframe");
    }

    @Test
    void stapAWithSpsPpsAndIdr() {
        assertTrue(isKey("78 0004 6742c01f 0002 68ce 0003 658884"));
        assertFalse(isKey("78 0004 6742c01f 0002 68ce"), "parameter sets only");
        assertFalse(isKey("78 0004 6742c01f 0009 658884"), "size beyond the packet");
        assertFalse(isKey("78 0000 65"), "zero size");
        assertFalse(isKey("78 00"));
    }

    @Test
    void fuAStartOfAnIdr() {
        assertTrue(isKey("7c 85 b8 00"), "S bit, type 5");
        assertFalse(isKey("7c 05 b8 00"), "middle fragment");
        assertFalse(isKey("7c 45 b8 00"), "end fragment");
        assertFalse(isKey("7c 81 9a 00"), "start of a non-IDR slice");
        assertFalse(isKey("7c"));
        assertFalse(isKey(""));
    }
}

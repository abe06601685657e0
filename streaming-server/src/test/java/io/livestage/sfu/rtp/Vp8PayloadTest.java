package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Vp8PayloadTest {

    /** Frame tag with P=0 (keyframe), then start code 9d 01 2a and 640x480. */
    private static final String KEY_FRAME_HEADER = "b00200 9d012a 8002 e001";
    private static final String INTER_FRAME_HEADER = "b10200 9d012a 8002 e001";

    private static boolean isKey(String hex) {
        byte[] buf = Hex.bytes(hex);
        return Vp8Payload.isKeyframe(buf, 0, buf.length);
    }

    @Test
    void detectsAKeyframeWithAMinimalDescriptor() {
        assertTrue(isKey("10" + KEY_FRAME_HEADER));
        assertFalse(isKey("10" + INTER_FRAME_HEADER));
    }

    @Test
    void skipsExtendedDescriptorFields() {
        // X, then I with a 15-bit picture id, L (TL0PICIDX) and T/K (TID/KEYIDX): 5 extra bytes.
        assertTrue(isKey("90 e0 8123 05 40" + KEY_FRAME_HEADER));
        // X with a 7-bit picture id only.
        assertTrue(isKey("90 80 12" + KEY_FRAME_HEADER));
        assertFalse(isKey("90 e0 8123 05 40" + INTER_FRAME_HEADER));
    }

    @Test
    void onlyTheFirstPacketOfPartitionZeroCounts() {
        assertFalse(isKey("00" + KEY_FRAME_HEADER), "S bit clear: a continuation packet");
        assertFalse(isKey("11" + KEY_FRAME_HEADER), "partition 1");
        assertFalse(isKey("10 b00200 9d0100 8002"), "no start code");
    }

    @Test
    void rejectsTruncatedDescriptors() {
        assertFalse(isKey(""));
        assertFalse(isKey("90"));
        assertFalse(isKey("90 80"));
        assertFalse(isKey("90 e0 81"));
        assertFalse(isKey("10 b00200 9d01"));
    }
}

package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 7741 section 4.2 payload descriptors, byte by byte. */
class Vp8DescriptorTest {
    private final Vp8Descriptor vp8 = new Vp8Descriptor();

    @Test
    void allOptionalFieldsWithALongPictureId() {
        // X S | I L T K | M + picture id 0x1234 | TL0PICIDX 7 | TID 2, Y, KEYIDX 0 | payload
        byte[] payload = {(byte) 0x90, (byte) 0xE0, (byte) 0x92, 0x34, 0x07, (byte) 0xA0, 0x01};
        assertTrue(vp8.read(payload, 0, payload.length));
        assertTrue(vp8.frameStart());
        assertEquals(0x1234, vp8.pictureId());
        assertTrue(vp8.longPictureId());
        assertEquals(2, vp8.pictureIdAt());
        assertEquals(7, vp8.tl0PicIdx());
        assertEquals(4, vp8.tl0PicIdxAt());
        assertEquals(2, vp8.temporalLayer());
        assertTrue(vp8.layerSync());
    }

    @Test
    void aShortPictureIdAndNoTemporalLayers() {
        byte[] payload = {(byte) 0x80, (byte) 0x80, 0x55, 0x01};
        assertTrue(vp8.read(payload, 0, payload.length));
        assertFalse(vp8.frameStart(), "S bit clear: a continuation");
        assertEquals(0x55, vp8.pictureId());
        assertFalse(vp8.longPictureId());
        assertEquals(Vp8Descriptor.ABSENT, vp8.tl0PicIdx());
        assertEquals(Vp8Descriptor.ABSENT, vp8.temporalLayer());
    }

    @Test
    void theMinimalDescriptorHasNoneOfTheFields() {
        byte[] payload = {0x10, 0x00};
        assertTrue(vp8.read(payload, 0, payload.length));
        assertTrue(vp8.frameStart());
        assertEquals(Vp8Descriptor.ABSENT, vp8.pictureId());
        assertEquals(Vp8Descriptor.ABSENT, vp8.pictureIdAt());
    }

    @Test
    void aDescriptorCutShortIsRefusedWithNothingLeftOver() {
        byte[] full = {(byte) 0x90, (byte) 0xE0, (byte) 0x92, 0x34, 0x07, (byte) 0xA0};
        assertTrue(vp8.read(full, 0, full.length));
        for (int length = 1; length < full.length; length++) {
            assertFalse(vp8.read(full, 0, length), "length " + length);
            assertEquals(Vp8Descriptor.ABSENT, vp8.temporalLayer());
        }
        assertFalse(vp8.read(full, 0, 0));
        assertFalse(vp8.read(full, 4, 10), "beyond the buffer");
    }

    @Test
    void pictureIdsAreWrittenInTheFormThePacketUses() {
        byte[] buf = new byte[2];
        Vp8Descriptor.writePictureId(buf, 0, true, 0x7FFF);
        assertEquals((byte) 0xFF, buf[0]);
        assertEquals((byte) 0xFF, buf[1]);
        Vp8Descriptor.writePictureId(buf, 0, false, 0x1FF);
        assertEquals(0x7F, buf[0]);
    }
}

package io.livestage.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

    /** PT 96, seq 0x1234, ts 123456, SSRC 0xdeadbeef, 3 payload bytes. */
    static final String PLAIN = "80 60 1234 0001e240 deadbeef 010203";
    /** Marker, PT 96, one-byte extensions: id 1 = ab, id 3 = cc dd ee, two padding bytes. */
    static final String ONE_BYTE_EXT = "90 e0 0001 00000064 01020304 bede0002 10ab 32ccddee 0000 f00d";
    /** Two-byte extensions: id 1 empty, id 5 = aa bb cc, one padding byte. */
    static final String TWO_BYTE_EXT = "90 6f ffff ffffffff 00000001 10000002 0100 0503aabbcc 00 77";
    /** Two CSRCs and three bytes of RTP padding after a two-byte payload. */
    static final String CSRC_PADDING = "a2 08 0010 00000000 00000005 11111111 22222222 aabb 000003";

    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsTheFixedHeader() {
        byte[] buf = Hex.bytes(PLAIN);
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(2, packet.version());
        assertFalse(packet.marker());
        assertFalse(packet.hasPadding());
        assertFalse(packet.hasExtension());
        assertEquals(96, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(123456L, packet.timestamp());
        assertEquals(0xdeadbeefL, packet.ssrc());
        assertEquals(0, packet.csrcCount());
        assertEquals(12, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
        assertEquals(-1, packet.findExtension(1));
    }

    @Test
    void worksAtAnOffsetInsideALargerBuffer() {
        byte[] inner = Hex.bytes(PLAIN);
        byte[] buf = new byte[inner.length + 20];
        System.arraycopy(inner, 0, buf, 7, inner.length);
        assertTrue(packet.wrap(buf, 7, inner.length));
        assertEquals(0xdeadbeefL, packet.ssrc());
        assertEquals(19, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
    }

    @Test
    void findsOneByteHeaderExtensions() {
        byte[] buf = Hex.bytes(ONE_BYTE_EXT);
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(RtpPacket.ONE_BYTE_EXTENSION_PROFILE, packet.extensionProfile());
        assertEquals(24, packet.headerLength());
        assertEquals(2, packet.payloadLength());

        int at = packet.findExtension(1);
        assertEquals(17, at);
        assertEquals(1, packet.foundExtensionLength());
        assertEquals(0xab, buf[at] & 0xFF);

        at = packet.findExtension(3);
        assertEquals(3, packet.foundExtensionLength());
        assertEquals("ccddee", Hex.of(buf, at, 3));

        assertEquals(-1, packet.findExtension(2));
        assertEquals(0, packet.foundExtensionLength());
    }

    @Test
    void findsTwoByteHeaderExtensions() {
        byte[] buf = Hex.bytes(TWO_BYTE_EXT);
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(0x1000, packet.extensionProfile());
        assertEquals(111, packet.payloadType());
        assertEquals(0xffff, packet.sequenceNumber());
        assertEquals(0xffffffffL, packet.timestamp());

        int at = packet.findExtension(1);
        assertEquals(18, at);
        assertEquals(0, packet.foundExtensionLength());

        at = packet.findExtension(5);
        assertEquals(3, packet.foundExtensionLength());
        assertEquals("aabbcc", Hex.of(buf, at, 3));
        assertEquals(1, packet.payloadLength());
        assertEquals(0x77, buf[packet.payloadOffset()] & 0xFF);
    }

    @Test
    void readsCsrcsAndStripsPadding() {
        byte[] buf = Hex.bytes(CSRC_PADDING);
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertTrue(packet.hasPadding());
        assertEquals(2, packet.csrcCount());
        assertEquals(0x11111111L, packet.csrc(0));
        assertEquals(0x22222222L, packet.csrc(1));
        assertEquals(20, packet.headerLength());
        assertEquals(3, packet.paddingLength());
        assertEquals(2, packet.payloadLength());
        assertEquals("aabb", Hex.of(buf, packet.payloadOffset(), packet.payloadLength()));
    }

    @Test
    void rejectsEveryTruncation() {
        for (String fixture : new String[] {PLAIN, ONE_BYTE_EXT, TWO_BYTE_EXT, CSRC_PADDING}) {
            byte[] buf = Hex.bytes(fixture);
            assertTrue(packet.wrap(buf, 0, buf.length), fixture);
            int header = packet.headerLength();
            for (int len = 0; len < header; len++) {
                assertFalse(packet.wrap(buf, 0, len), fixture + " cut to " + len);
                assertFalse(packet.isValid());
            }
        }
    }

    @Test
    void rejectsMalformedHeaders() {
        assertFalse(packet.wrap(Hex.bytes("40 60 1234 0001e240 deadbeef 01"), 0, 13), "version 1");
        assertFalse(packet.wrap(Hex.bytes("a0 60 1234 0001e240 deadbeef 0100"), 0, 14), "padding count 0");
        assertFalse(packet.wrap(Hex.bytes("a0 60 1234 0001e240 deadbeef 0109"), 0, 14), "padding > payload");
        assertFalse(packet.wrap(Hex.bytes("90 60 1234 0001e240 deadbeef bede0003 10ab0000"), 0, 20),
                "extension longer than packet");
        assertFalse(packet.wrap(Hex.bytes("8f 60 1234 0001e240 deadbeef 00000001"), 0, 16), "15 CSRCs missing");
        byte[] buf = Hex.bytes(PLAIN);
        assertFalse(packet.wrap(null, 0, 12));
        assertFalse(packet.wrap(buf, -1, 12));
        assertFalse(packet.wrap(buf, 4, buf.length));
    }

    @Test
    void stopsAtAMalformedExtensionElement() {
        // id 1 claims 16 bytes inside a 4-byte block; id 15 ends processing.
        byte[] buf = Hex.bytes("90 60 0001 00000001 00000001 bede0001 1fab0000 00");
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(-1, packet.findExtension(1));
        buf = Hex.bytes("90 60 0001 00000001 00000001 bede0001 f0ab21cc 00");
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(-1, packet.findExtension(2));
        // Another profile is not RFC 8285: no lookup.
        buf = Hex.bytes("90 60 0001 00000001 00000001 abcd0001 10ab0000 00");
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(-1, packet.findExtension(1));
    }

    @Test
    void rewritesHeaderFieldsInPlace() {
        byte[] buf = Hex.bytes(ONE_BYTE_EXT);
        assertTrue(packet.wrap(buf, 0, buf.length));
        packet.setSsrc(0xcafebabeL);
        packet.setPayloadType(100);
        packet.setSequenceNumber(0xfffe);
        packet.setTimestamp(0x89abcdefL);
        packet.setMarker(false);
        assertArrayEquals(Hex.bytes("90 64 fffe 89abcdef cafebabe bede0002 10ab 32ccddee 0000 f00d"), buf);
        packet.setMarker(true);
        packet.setPayloadType(0x7f);
        assertEquals(0xff, buf[1] & 0xFF);
        assertEquals(0x7f, packet.payloadType());
        assertTrue(packet.marker());
    }

    /** Found by RtpRewriteFuzzTest: a 0x04 byte (id 0) was a 5-byte element here but padding to RtpRewriter. */
    @Test
    void anIdZeroByteIsOnePaddingByteWhateverItsLengthBits() {
        byte[] buf = Hex.bytes("90 60 0001 00000001 00000001 bede0002 04 22010203 000000");
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(buf, 0, buf.length));
        assertEquals(18, packet.findExtension(2));
        assertEquals(3, packet.foundExtensionLength());
    }
}

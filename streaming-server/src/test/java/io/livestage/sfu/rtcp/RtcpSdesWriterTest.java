package io.livestage.sfu.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpSdesWriterTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void cnameMatchesTheReaderFixture() {
        byte[] dst = new byte[40];
        int n = RtcpSdesWriter.writeCname(dst, 0, 0x11223344L, ascii("abcdefghijklmnop"));
        assertEquals(28, n);
        assertArrayEquals(Hex.bytes(RtcpFixtures.SDES), Arrays.copyOf(dst, n));
    }

    @Test
    void theItemListEndsWithANullOctetAndPadsTo32Bits() {
        byte[] dst = new byte[40];
        Arrays.fill(dst, (byte) 0xee);
        // Two CNAME bytes fill the word exactly, so a whole word of nulls follows.
        assertEquals(16, RtcpSdesWriter.writeCname(dst, 4, 0x11223344L, ascii("ab")));
        assertEquals("81ca0003" + "11223344" + "0102" + "6162" + "00000000", Hex.of(dst, 4, 16));
        assertEquals(12, RtcpSdesWriter.writeCname(dst, 0, 0x11223344L, ascii("a")));
        assertEquals("81ca0002" + "11223344" + "0101" + "61" + "00", Hex.of(dst, 0, 12));
        assertEquals(16, RtcpSdesWriter.length(3));
    }

    @Test
    void readsBack() {
        byte[] dst = new byte[300];
        byte[] cname = ascii("x".repeat(255));
        int n = RtcpSdesWriter.writeCname(dst, 0, 0xffffffffL, cname);
        assertEquals(4 + 4 + 260, n);
        RtcpCompoundReader reader = new RtcpCompoundReader();
        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.SDES, reader.next());
        assertTrue(reader.sdes().nextChunk());
        assertEquals(0xffffffffL, reader.sdes().chunkSsrc());
        assertEquals("x".repeat(255), reader.sdes().cname());
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertEquals(-1, RtcpSdesWriter.writeCname(new byte[15], 0, 1, ascii("ab")));
        assertEquals(-1, RtcpSdesWriter.writeCname(new byte[16], 1, 1, ascii("ab")));
        assertEquals(-1, RtcpSdesWriter.writeCname(new byte[300], 0, 1, new byte[256]));
        assertEquals(-1, RtcpSdesWriter.writeCname(new byte[300], 0, 1, new byte[0]));
    }
}

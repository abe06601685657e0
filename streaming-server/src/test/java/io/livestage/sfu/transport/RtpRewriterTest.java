package io.livestage.sfu.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtp.Hex;
import io.livestage.sfu.rtp.RtpPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpRewriterTest {

    /**
     * Found by RtpRewriteFuzzTest: with an element repeated, we stamped our transport-wide sequence
     * number into the last copy while receivers read the first, the publisher's own number.
     */
    @Test
    void repeatedStampedElementsKeepOnlyTheFirstWhichGetsTheStamp() {
        // One-byte extensions: abs-send-time (2), transport-cc (3), padding, both again; then a VP8 payload.
        byte[] buf = Hex.bytes("90e0 0001 00000064 01020304 bede0004 22123456 31abcd 0000 22123456 31abcd 9001 9d012a");
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(buf, 0, buf.length));
        RtpRewriter rewriter = new RtpRewriter(RtpRewriteFuzzTest.SECTION, RtpRewriteFuzzTest.ANSWERED);
        assertTrue(rewriter.apply(buf, 0, packet));

        assertEquals(16 + 5, rewriter.transportSequenceAt(), "the first transport-cc element");
        assertEquals(16 + 1, rewriter.absSendTimeAt(), "the first abs-send-time element");
        assertArrayEquals(Hex.bytes("b2123456 31abcd 0000 00000000 000000"), Arrays.copyOfRange(buf, 16, 32),
                "the repeats blanked, abs-send-time renumbered to 11");
    }

    /**
     * Found by RtpRewriteFuzzTest: a two-byte-header element whose id is the block's last byte has
     * no length byte; the rewriter read the byte after the block (here past the array) as its length.
     */
    @Test
    void aTwoByteElementCutOffAfterItsIdEndsTheBlock() {
        // Two-byte extensions (0x1000), one word: three padding bytes, then id 5 with nothing after it.
        byte[] buf = Hex.bytes("90e0 0001 00000064 01020304 10000001 00000005");
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(buf, 0, buf.length));
        RtpRewriter rewriter = new RtpRewriter(RtpRewriteFuzzTest.SECTION, RtpRewriteFuzzTest.ANSWERED);
        rewriter.apply(buf, 0, packet);

        assertEquals(-1, rewriter.transportSequenceAt());
        assertEquals(-1, rewriter.absSendTimeAt());
    }
}

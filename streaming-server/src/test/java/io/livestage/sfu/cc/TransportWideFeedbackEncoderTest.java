package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.TransportCcFeedback;
import io.livestage.sfu.rtp.Hex;
import org.junit.jupiter.api.Test;

/** The test encoder against a hand-annotated packet, so the sender's tests stand on the wire format. */
class TransportWideFeedbackEncoderTest {

    private final TransportWideFeedbackEncoder encoder = new TransportWideFeedbackEncoder();

    @Test
    void smallAndLargeDeltasInAStatusVector() {
        encoder.start(1000).received(65_000).lost().received(135_000);
        int length = encoder.encode();
        byte[] expected = Hex.bytes("afcd0006 11223344 55667788"
                + " 03e8 0003 000001 00" // base 1000, 3 statuses, reference 64 ms, feedback 0
                + " d200" // 2-bit vector: small, not received, large
                + " 04 0118" // 260 - 256 ticks; 540 - 260 ticks
                + " 000003"); // padding
        assertEquals(Hex.of(expected, 0, expected.length), Hex.of(encoder.buffer(), 0, length));
    }

    @Test
    void readsBackThroughTheParser() {
        encoder.start(65_534);
        for (int i = 0; i < 10; i++) {
            if (i == 3) {
                encoder.lost();
            } else {
                encoder.received(1_000_000 + i * 1_000L);
            }
        }
        TransportCcFeedback feedback = encoder.feedback();
        assertEquals(65_534, feedback.baseSequenceNumber());
        assertEquals(10, feedback.packetStatusCount());
        assertEquals(1, feedback.sequenceNumber(3));
        assertFalse(feedback.isReceived(3));
        long arrival = feedback.referenceTimeMicros();
        for (int i = 0; i < 10; i++) {
            if (i != 3) {
                assertTrue(feedback.isReceived(i));
                arrival += feedback.deltaMicros(i);
                assertEquals(1_000_000 + i * 1_000L, arrival, "arrival of " + i);
            }
        }
    }
}

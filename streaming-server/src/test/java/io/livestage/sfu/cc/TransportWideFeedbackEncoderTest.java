package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.TransportCcFeedback;
import org.junit.jupiter.api.Test;

/**
 * The test encoder's reports read back as it was told, so the sender's tests stand on the wire
 * format (the production writer it uses has its byte fixtures in TransportCcFeedbackWriterTest).
 */
class TransportWideFeedbackEncoderTest {

    private final TransportWideFeedbackEncoder encoder = new TransportWideFeedbackEncoder();

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

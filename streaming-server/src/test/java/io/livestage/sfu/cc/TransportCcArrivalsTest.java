package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.TransportCcFeedback;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcArrivalsTest {

    private static final long SENDER = 0x11223344L;
    private static final long MEDIA = 0x55667788L;
    private static final long NONE = Long.MIN_VALUE;

    private final TransportCcArrivals arrivals = new TransportCcArrivals();
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final byte[] dst = new byte[1500];

    private TransportCcFeedback next() {
        return next(dst.length);
    }

    private TransportCcFeedback next(int maxLength) {
        int n = arrivals.writeFeedback(dst, 0, maxLength, SENDER, MEDIA);
        assertTrue(n > 0 && n <= maxLength, "wrote " + n);
        assertTrue(reader.wrap(dst, 0, n));
        assertEquals(RtcpKind.TRANSPORT_CC, reader.next());
        return reader.transportCc();
    }

    /** Arrival times the sender will compute from the feedback, {@link #NONE} where not received. */
    private static long[] arrivalTimes(TransportCcFeedback feedback) {
        long[] times = new long[feedback.packetStatusCount()];
        long t = feedback.referenceTimeMicros();
        for (int i = 0; i < times.length; i++) {
            if (feedback.isReceived(i)) {
                t += feedback.deltaMicros(i);
                times[i] = t;
            } else {
                times[i] = NONE;
            }
        }
        return times;
    }

    /** What survives the 250 µs resolution. */
    private static long ticked(long micros) {
        return Math.floorDiv(micros, 250) * 250;
    }

    private void assertNothingLeft() {
        assertFalse(arrivals.hasUnreported());
        assertEquals(-1, arrivals.writeFeedback(dst, 0, dst.length, SENDER, MEDIA));
    }

    @Test
    void inOrderArrivalsMakeOnePacket() {
        assertNothingLeft();
        for (int i = 0; i < 10; i++) {
            assertFalse(arrivals.record(100 + i, 1_000_030 + i * 1000L));
        }
        assertTrue(arrivals.hasUnreported());
        TransportCcFeedback feedback = next();
        assertEquals(SENDER, feedback.senderSsrc());
        assertEquals(MEDIA, feedback.mediaSsrc());
        assertEquals(100, feedback.baseSequenceNumber());
        assertEquals(10, feedback.packetStatusCount());
        assertEquals(0, feedback.feedbackPacketCount());
        // 1,000,030 µs: reference 15 × 64 ms = 960 ms, first delta 40,030 µs → 160 ticks.
        assertEquals(15, feedback.referenceTime());
        assertEquals(160, feedback.deltaTicks(0));
        for (int i = 1; i < 10; i++) {
            assertEquals(TransportCcFeedback.SMALL_DELTA, feedback.status(i));
            assertEquals(4, feedback.deltaTicks(i));
        }
        assertEquals(1, arrivals.feedbackPackets());
        assertNothingLeft();
    }

    @Test
    void feedbackCountKeepsItsLowEightBits() {
        for (int i = 0; i < 300; i++) {
            arrivals.record(i, i * 20_000L);
            assertEquals(i & 0xFF, next().feedbackPacketCount());
        }
        assertEquals(300, arrivals.feedbackPackets());
    }

    @Test
    void sequenceNumbersWrapAround() {
        int[] wire = {65534, 65535, 0, 1, 2};
        for (int i = 0; i < wire.length; i++) {
            assertFalse(arrivals.record(wire[i], i * 1000L));
        }
        TransportCcFeedback feedback = next();
        assertEquals(65534, feedback.baseSequenceNumber());
        assertEquals(5, feedback.packetStatusCount());
        assertEquals(2, feedback.sequenceNumber(4));
        for (int i = 0; i < 5; i++) {
            assertTrue(feedback.isReceived(i));
        }
        assertTrue(arrivals.record(4, 10_000));
        feedback = next();
        assertEquals(3, feedback.baseSequenceNumber());
        assertFalse(feedback.isReceived(0));
        assertTrue(feedback.isReceived(1));
    }

    @Test
    void referenceTimeWrapsAtTwentyFourBits() {
        long wrap = (1L << 24) * 64_000;
        arrivals.record(1, wrap - 1000);
        arrivals.record(2, wrap + 1000);
        TransportCcFeedback feedback = next();
        assertEquals(-1, feedback.referenceTime(), "0xffffff on the wire");
        // 2^24 × 256 − 4 ticks, less the reference's (2^24 − 1) × 256: 252; then 2 ms later: 8.
        assertEquals(252, feedback.deltaTicks(0));
        assertEquals(8, feedback.deltaTicks(1));

        arrivals.record(3, wrap + 64_000);
        assertEquals(1, next().referenceTime(), "counts on from 0");
    }

    @Test
    void negativeArrivalTimesRoundDown() {
        arrivals.record(7, -1000);
        arrivals.record(8, -200);
        TransportCcFeedback feedback = next();
        assertEquals(-1, feedback.referenceTime());
        assertEquals(-1000, arrivalTimes(feedback)[0]);
        assertEquals(ticked(-200), arrivalTimes(feedback)[1]);
    }

    @Test
    void gapsAreNotReceivedUntilALateArrivalFillsThem() {
        assertFalse(arrivals.record(1, 0));
        assertFalse(arrivals.record(2, 1000));
        assertTrue(arrivals.record(5, 2000), "3 and 4 were skipped");
        assertFalse(arrivals.record(3, 3000), "late but not yet reported");
        TransportCcFeedback feedback = next();
        assertEquals(1, feedback.baseSequenceNumber());
        long[] times = arrivalTimes(feedback);
        assertEquals(5, times.length);
        assertEquals(3000, times[2]);
        assertEquals(NONE, times[3]);
        assertEquals(2000, times[4]);
        assertEquals(TransportCcFeedback.LARGE_DELTA, feedback.status(4), "5 arrived before 3: negative");
        assertEquals(-4, feedback.deltaTicks(4));
    }

    @Test
    void duplicatesKeepTheFirstArrival() {
        arrivals.record(1, 0);
        arrivals.record(2, 1000);
        assertFalse(arrivals.record(2, 5000));
        assertFalse(arrivals.record(1, 6000));
        TransportCcFeedback feedback = next();
        assertEquals(2, feedback.packetStatusCount());
        assertEquals(1000, arrivalTimes(feedback)[1]);
        assertNothingLeft();
    }

    @Test
    void arrivalsAlreadyReportedAreDropped() {
        for (int i = 1; i <= 3; i++) {
            arrivals.record(i, i * 1000L);
        }
        next();
        assertFalse(arrivals.record(2, 9000));
        assertFalse(arrivals.record(0, 9000));
        assertNothingLeft();
        arrivals.record(4, 10_000);
        arrivals.record(3, 11_000);
        TransportCcFeedback feedback = next();
        assertEquals(4, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        assertEquals(10_000, arrivalTimes(feedback)[0]);
        assertNothingLeft();
    }

    @Test
    void deltasBeyondSixteenBitsStartNewPackets() {
        arrivals.record(1, 0);
        arrivals.record(3, 1000);
        arrivals.record(2, 9_000_000); // 36,000 ticks after 1, then 3 is 35,996 ticks before it
        TransportCcFeedback feedback = next();
        assertEquals(1, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        feedback = next();
        assertEquals(2, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        assertEquals(9_000_000, arrivalTimes(feedback)[0]);
        feedback = next();
        assertEquals(3, feedback.baseSequenceNumber());
        assertEquals(1000, arrivalTimes(feedback)[0]);
        assertEquals(3, arrivals.feedbackPackets());
        assertNothingLeft();
    }

    @Test
    void eightSecondsOfSilenceEndsAPacketAfterItsGap() {
        arrivals.record(1, 0);
        assertTrue(arrivals.record(3, 8_200_000));
        TransportCcFeedback feedback = next();
        assertEquals(2, feedback.packetStatusCount(), "1, and 2 not received");
        assertFalse(feedback.isReceived(1));
        feedback = next();
        assertEquals(3, feedback.baseSequenceNumber());
        assertEquals(8_192_000, feedback.referenceTimeMicros());
        assertEquals(8_200_000, arrivalTimes(feedback)[0]);
    }

    @Test
    void aGapInsideTheRingIsReportedInRuns() {
        arrivals.record(1, 0);
        assertTrue(arrivals.record(8000, 1000));
        TransportCcFeedback feedback = next();
        assertEquals(8000, feedback.packetStatusCount());
        assertTrue(feedback.isReceived(0));
        assertFalse(feedback.isReceived(7998));
        assertEquals(1000, arrivalTimes(feedback)[7999]);
        assertTrue(reader.packetLength() < 40, "runs: " + reader.packetLength() + " bytes");
    }

    @Test
    void jumpsBeyondTheRingStartOver() {
        for (int i = 1; i <= 10; i++) {
            arrivals.record(i, i * 1000L);
        }
        assertTrue(arrivals.record(20_010, 20_000));
        TransportCcFeedback feedback = next();
        assertEquals(20_010, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());

        arrivals.record(20_011, 21_000);
        assertFalse(arrivals.record(5000, 22_000), "far behind: the sender started over");
        feedback = next();
        assertEquals(5000, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        assertEquals(22_000, arrivalTimes(feedback)[0]);

        assertFalse(arrivals.record(5001, 23_000));
        feedback = next();
        assertEquals(5001, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        assertNothingLeft();
    }

    @Test
    void aWindowWiderThanTheRingKeepsItsNewestEntries() {
        for (int i = 0; i < 10_000; i++) {
            arrivals.record(i, i * 500L);
        }
        int expected = 10_000 - 8192;
        while (arrivals.hasUnreported()) {
            TransportCcFeedback feedback = next();
            assertTrue(reader.packetLength() <= TransportCcArrivals.MAX_FEEDBACK_LENGTH);
            assertEquals(expected, feedback.baseSequenceNumber());
            long[] times = arrivalTimes(feedback);
            for (int i = 0; i < times.length; i++) {
                assertEquals((expected + i) * 500L, times[i]);
            }
            expected += times.length;
        }
        assertEquals(10_000, expected);
        assertTrue(arrivals.feedbackPackets() > 1, "one packet cannot hold 8192 deltas");
    }

    @Test
    void aLongStretchIsSplitWithinMaxLength() {
        Random random = new Random(7);
        int count = 3000;
        long[] sent = new long[count];
        long t = 5_000_000;
        for (int i = 0; i < count; i++) {
            t += random.nextInt(3000);
            sent[i] = random.nextInt(10) == 0 ? NONE : t;
        }
        for (int i = 0; i < count; i++) {
            // One pair in ten arrives swapped (not the first, which opens the window).
            boolean swapped = i >= 10 && i % 10 < 2;
            int seq = !swapped ? i : i % 10 == 0 ? i + 1 : i - 1;
            if (sent[seq] != NONE) {
                arrivals.record(60_000 + seq, sent[seq]);
            }
        }
        int first = 0;
        while (sent[first] == NONE) {
            first++;
        }
        int last = count - 1;
        while (sent[last] == NONE) {
            last--;
        }
        int expected = first;
        while (arrivals.hasUnreported()) {
            TransportCcFeedback feedback = next(200);
            assertEquals((60_000 + expected) & 0xFFFF, feedback.baseSequenceNumber());
            long[] times = arrivalTimes(feedback);
            for (int i = 0; i < times.length; i++) {
                long want = sent[expected + i] == NONE ? NONE : ticked(sent[expected + i]);
                assertEquals(want, times[i], "sequence " + (expected + i));
            }
            expected += times.length;
        }
        assertEquals(last + 1, expected);
        assertTrue(arrivals.feedbackPackets() > 10);
    }

    @Test
    void tooLittleRoomWritesNothingAndLosesNothing() {
        arrivals.record(1, 0);
        assertEquals(-1, arrivals.writeFeedback(dst, 0, 23, SENDER, MEDIA));
        assertEquals(-1, arrivals.writeFeedback(new byte[30], 10, 100, SENDER, MEDIA));
        assertEquals(-1, arrivals.writeFeedback(dst, dst.length + 1, 100, SENDER, MEDIA));
        assertTrue(arrivals.hasUnreported());
        assertEquals(0, arrivals.feedbackPackets());
        assertEquals(24, arrivals.writeFeedback(new byte[30], 6, 100, SENDER, MEDIA));
        assertNothingLeft();
    }
}

package io.livestage.sfu.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class TransportWideSenderFeedbackTest {

    /** Arrivals are on the receiver's clock, which has its own origin, plus a 20 ms path. */
    private static final long PATH_MICROS = 123_456_789 + 20_000;
    private static final IntPredicate NONE_LOST = i -> false;

    private final TransportWideSender sender = new TransportWideSender();
    private final TransportWideFeedbackEncoder encoder = new TransportWideFeedbackEncoder();
    private final long[] sendMicros = new long[70_000];
    private long clockMicros = 5_000_000;
    private int sent;

    @Test
    void allReceivedIsNoLoss() {
        send(200, 1200, 1_000);
        for (int from = 0; from < 200; from += 50) {
            feedback(from, 50, NONE_LOST, this::onTime);
        }
        DeliveryStatistics stats = sender.statistics();
        assertEquals(200, stats.packetsReported());
        assertEquals(0, stats.packetsLost());
        assertEquals(0.0, stats.lossRatio());
        assertEquals(4, stats.feedbackPackets());
    }

    @Test
    void steadyTwoPercentLoss() {
        for (int from = 0; from < 2000; from += 50) {
            send(50, 1200, 1_000);
            feedback(from, 50, i -> i % 50 == 17, this::onTime);
        }
        DeliveryStatistics stats = sender.statistics();
        assertEquals(2000, stats.packetsReported());
        assertEquals(40, stats.packetsLost());
        assertEquals(0.02, stats.lossRatio(), 1e-9);
    }

    @Test
    void aPacketReportedLostThenReceivedCountsAsReceived() {
        send(100, 1200, 1_000);
        feedback(0, 50, i -> i == 10 || i == 20, this::onTime);
        assertEquals(2, sender.statistics().packetsLost());
        feedback(10, 1, NONE_LOST, i -> onTime(i) + 80_000);
        DeliveryStatistics stats = sender.statistics();
        assertEquals(50, stats.packetsReported());
        assertEquals(1, stats.packetsLost());
    }

    @Test
    void repeatedAndReorderedReportsCountOnce() {
        send(150, 1200, 1_000);
        feedback(50, 50, i -> i == 60, this::onTime);
        feedback(0, 50, i -> i == 5, this::onTime);
        feedback(0, 50, i -> i == 5, this::onTime);
        feedback(40, 70, i -> i == 60 || i == 105, this::onTime);
        DeliveryStatistics stats = sender.statistics();
        assertEquals(110, stats.packetsReported());
        assertEquals(3, stats.packetsLost());
        assertEquals(4, stats.feedbackPackets());
    }

    @Test
    void feedbackBaseWrapsAtSixteenBits() {
        send(65_600, 1200, 1_000);
        feedback(65_530, 40, i -> i == 65_536, this::onTime); // base 65530, entries up to 33 after the wrap
        DeliveryStatistics stats = sender.statistics();
        assertEquals(40, stats.packetsReported());
        assertEquals(1, stats.packetsLost());
    }

    @Test
    void numbersNeverSentOrLongForgottenAreIgnored() {
        send(100, 1200, 1_000);
        feedback(90, 20, NONE_LOST, i -> sendMicros[Math.min(i, 99)] + PATH_MICROS); // 100..109 not sent yet
        assertEquals(10, sender.statistics().packetsReported());
        feedback(30_000, 10, NONE_LOST, i -> clockMicros + PATH_MICROS);
        assertEquals(10, sender.statistics().packetsReported());

        send(TransportWideHistory.CAPACITY + 100, 1200, 1_000);
        feedback(0, 10, NONE_LOST, this::onTime); // their records were reused a lap later
        DeliveryStatistics stats = sender.statistics();
        assertEquals(10, stats.packetsReported());
        assertEquals(0, stats.packetsLost());
        assertEquals(3, stats.feedbackPackets());
    }

    @Test
    void aFillingQueueTrendsUpAndSteadyDeliveryIsFlat() {
        send(400, 1200, 1_000);
        Random jitter = new Random(7);
        for (int from = 0; from < 200; from += 50) {
            feedback(from, 50, NONE_LOST, i -> onTime(i) + jitter.nextInt(900));
        }
        double steady = sender.statistics().delayTrend();
        assertTrue(Math.abs(steady) < 0.03, "steady trend " + steady);

        // Each packet now arrives 1.2 ms after the previous one although it was sent 1 ms after it.
        for (int from = 200; from < 400; from += 50) {
            feedback(from, 50, NONE_LOST, i -> onTime(i) + (i - 200) * 200L);
        }
        double filling = sender.statistics().delayTrend();
        assertTrue(filling > 0.1, "filling trend " + filling);
    }

    @Test
    void receivedBitrateFollowsWhatArrived() {
        send(375, 1000, 8_000); // 1000 bytes every 8 ms for 3 s: 1 Mbit/s
        for (int from = 0; from < 375; from += 12) {
            feedback(from, Math.min(12, 375 - from), NONE_LOST, this::onTime);
        }
        long bitrate = sender.statistics().receivedBitrateBps();
        assertTrue(Math.abs(bitrate - 1_000_000) < 100_000, "received " + bitrate);

        send(250, 1000, 8_000); // 2 s of which nothing gets through
        for (int from = 375; from < 625; from += 25) {
            feedback(from, 25, i -> true, this::onTime);
        }
        assertEquals(0, sender.statistics().receivedBitrateBps());
    }

    @Test
    void rembIsTheLatestEstimate() {
        assertEquals(0, sender.statistics().rembBitrateBps());
        sender.onRemb(1_500_000, clockMicros);
        sender.onRemb(1_200_000, clockMicros + 1_000);
        assertEquals(1_200_000, sender.statistics().rembBitrateBps());
    }

    private void send(int packets, int sizeBytes, long intervalMicros) {
        for (int k = 0; k < packets; k++) {
            sendMicros[sent] = clockMicros;
            assertEquals(sent & 0xFFFF, sender.next(sizeBytes, clockMicros));
            sent++;
            clockMicros += intervalMicros;
        }
    }

    private long onTime(int packet) {
        return sendMicros[packet] + PATH_MICROS;
    }

    /** Feedback on packets {@code [from, from + count)}, reported just after the last of them arrived. */
    private void feedback(int from, int count, IntPredicate lost, IntToLongFunction arrival) {
        encoder.start(from);
        long lastArrival = 0;
        for (int i = from; i < from + count; i++) {
            if (lost.test(i)) {
                encoder.lost();
            } else {
                lastArrival = arrival.applyAsLong(i);
                encoder.received(lastArrival);
            }
        }
        long nowMicros = Math.max(clockMicros, lastArrival - PATH_MICROS) + 20_000;
        sender.onFeedback(encoder.feedback(), nowMicros);
    }
}

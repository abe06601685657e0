package io.livestage.sfu.cc;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongUnaryOperator;

/**
 * A deterministic network for the bandwidth estimator (test-only): a sender pacing 1,200-byte
 * packets at min(application rate, estimate), a bottleneck whose capacity changes over time with
 * a FIFO queue that drops what would wait longer than {@link #MAX_QUEUE_MICROS}, optional random
 * loss from a seeded RNG, a fixed propagation delay each way, and a receiver that writes real
 * transport-cc feedback ({@link TransportCcArrivals}) every {@link #FEEDBACK_INTERVAL_MICROS},
 * parsed back ({@link RtcpCompoundReader}) into a real {@link TransportWideSender}. Probe clusters
 * go out when the estimator asks for one.
 *
 * <p>The queue is computed at enqueue time: a FIFO's departure is known then, from the backlog and
 * the capacity when the packet's transmission starts.
 */
final class LinkSimulator {

    static final int PACKET_BYTES = 1_200;
    static final long FEEDBACK_INTERVAL_MICROS = 50_000;
    static final long PROPAGATION_MICROS = 20_000;
    static final long MAX_QUEUE_MICROS = 300_000;
    static final long SAMPLE_MICROS = 50_000;
    private static final long PROBE_CLUSTER_MICROS = 30_000;
    private static final int MIN_PROBE_PACKETS = 5;
    private static final long RECEIVER_CLOCK_OFFSET_MICROS = 7_654_321;
    private static final long PACKET_BITS = PACKET_BYTES * 8L;
    private static final long MICROS_PER_SECOND = 1_000_000;

    private final LongUnaryOperator capacityBps;
    private final long applicationBps;
    private final double lossRate;
    private final Random random;
    private final TransportWideSender sender = new TransportWideSender();
    private final TransportCcArrivals receiver = new TransportCcArrivals();
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final byte[] feedbackBuffer = new byte[1_500];
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>();
    private long linkFreeMicros;
    private int probePacketsLeft;
    private long probeRateBps;
    private int probesSent;

    /**
     * @param capacityBps the bottleneck's capacity at a time (µs from the start)
     * @param applicationBps what the application would send with an unlimited estimate
     * @param lossRate share of packets lost at random before the bottleneck
     */
    LinkSimulator(LongUnaryOperator capacityBps, long applicationBps, double lossRate, long seed) {
        this.capacityBps = capacityBps;
        this.applicationBps = applicationBps;
        this.lossRate = lossRate;
        this.random = new Random(seed);
    }

    Trace run(long durationMicros) {
        int samples = (int) (durationMicros / SAMPLE_MICROS) + 1;
        long[] capacity = new long[samples];
        long[] estimate = new long[samples];
        long[] queue = new long[samples];
        long nextSend = 0;
        long nextFeedback = FEEDBACK_INTERVAL_MICROS;
        int sample = 0;
        long nextSample = 0;
        while (sample < samples) {
            long nextDelivery = feedbackInFlight.isEmpty() ? Long.MAX_VALUE : (long) feedbackInFlight.peek()[0];
            long now = Math.min(Math.min(nextSend, nextFeedback), Math.min(nextDelivery, nextSample));
            if (now == nextDelivery) {
                deliverFeedback(now);
            } else if (now == nextFeedback) {
                writeFeedback(now);
                nextFeedback += FEEDBACK_INTERVAL_MICROS;
            } else if (now == nextSample) {
                capacity[sample] = capacityBps.applyAsLong(now);
                estimate[sample] = sender.statistics().estimateBps();
                queue[sample] = Math.max(0, linkFreeMicros - now);
                sample++;
                nextSample += SAMPLE_MICROS;
            } else {
                nextSend = now + sendOne(now);
            }
        }
        return new Trace(SAMPLE_MICROS, capacity, estimate, queue, probesSent, sender.statistics());
    }

    /** Sends the next media or probe packet; returns the gap until the one after. */
    private long sendOne(long now) {
        if (probePacketsLeft == 0) {
            long target = sender.probeTargetBps(now);
            if (target > 0) {
                probeRateBps = target;
                probePacketsLeft = (int) Math.max(MIN_PROBE_PACKETS,
                        target * PROBE_CLUSTER_MICROS / MICROS_PER_SECOND / PACKET_BITS);
                int first = transmit(now);
                sender.onProbeSent(first, probePacketsLeft, target, now);
                probesSent++;
                probePacketsLeft--;
                return gapAt(target);
            }
        } else {
            transmit(now);
            probePacketsLeft--;
            return gapAt(probeRateBps);
        }
        transmit(now);
        return gapAt(Math.min(applicationBps, sender.statistics().estimateBps()));
    }

    private int transmit(long now) {
        int sequence = sender.next(PACKET_BYTES, now);
        if (random.nextDouble() < lossRate) {
            return sequence;
        }
        long start = Math.max(now, linkFreeMicros);
        if (start - now > MAX_QUEUE_MICROS) {
            return sequence;
        }
        linkFreeMicros = start + PACKET_BITS * MICROS_PER_SECOND / capacityBps.applyAsLong(start);
        inFlight.add(new long[] {sequence, linkFreeMicros + PROPAGATION_MICROS});
        return sequence;
    }

    private void writeFeedback(long now) {
        while (!inFlight.isEmpty() && inFlight.peek()[1] <= now) {
            long[] packet = inFlight.poll();
            receiver.record((int) packet[0], packet[1] + RECEIVER_CLOCK_OFFSET_MICROS);
        }
        int length;
        while ((length = receiver.writeFeedback(feedbackBuffer, 0, feedbackBuffer.length, 1, 2)) > 0) {
            feedbackInFlight.add(new Object[] {now + PROPAGATION_MICROS, Arrays.copyOf(feedbackBuffer, length)});
        }
    }

    private void deliverFeedback(long now) {
        byte[] packet = (byte[]) feedbackInFlight.poll()[1];
        if (!reader.wrap(packet, 0, packet.length) || reader.next() != RtcpKind.TRANSPORT_CC) {
            throw new IllegalStateException("feedback does not parse");
        }
        sender.onFeedback(reader.transportCc(), now);
    }

    private static long gapAt(long bps) {
        return Math.max(1, PACKET_BITS * MICROS_PER_SECOND / Math.max(1, bps));
    }
}

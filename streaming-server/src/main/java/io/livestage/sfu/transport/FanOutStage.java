package io.livestage.sfu.transport;

import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.udp.MediaLoop;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Receive stage 4: a track's packet to everyone watching it, on every media loop that sends for
 * some of them. The publisher's loop hands one copy of the packet to each other such loop (a
 * task per loop and iteration, so a show's fan-out spreads over every core) and serves its own
 * consumers itself. On each loop a copy goes into that loop's retransmission cache of the stream,
 * the VP8 descriptor is read once, then each consumer takes it or not (a simulcast layer it does
 * not forward, a temporal layer it drops) and its send stage encrypts and queues its own copy, and
 * the loop flushes once, so the kernel takes the burst in one go. Retransmissions and probes asked
 * for by a subscriber are served on the subscriber's loop from that loop's caches.
 */
public final class FanOutStage {
    /** A probe burst carries at least this long's worth of its rate, so a shaper's bucket cannot pass it whole. */
    static final long PROBE_MICROS = 100_000;
    static final int MIN_PROBE_PACKETS = 10;
    /** A burst's bound (about 48 kB of full-size packets); the estimator measures at most 64. */
    static final int MAX_PROBE_PACKETS = 40;
    /**
     * A packet handed to a loop that only gets to it this much later is dropped there, not sent:
     * that loop is behind, and sending stale media would only keep it behind (its queue, unlike a
     * socket's, has no bound of its own). Viewers recover as from any loss.
     */
    static final long MAX_HANDOFF_WAIT_NANOS = 250_000_000L;
    /** At most this many packets wait for one loop (about 5 MiB), whatever their age. */
    static final int MAX_HANDOFFS_WAITING = 4096;
    /**
     * The most packets one NACK gets sent again: a real loss burst, not the whole cache a forged
     * NACK can name (8,192 packets in one datagram).
     */
    static final int MAX_RESENT_PER_NACK = 128;

    private final SfuMetrics metrics;
    private final LongSupplier clock;

    public FanOutStage(SfuMetrics metrics) {
        this(metrics, System::nanoTime);
    }

    /** With the clock that times hand-offs between loops (tests). */
    FanOutStage(SfuMetrics metrics, LongSupplier clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * On the publisher's loop: hands the packet to every other loop with consumers of its track,
     * then sends it to this loop's.
     *
     * @param keyframeStart whether the packet begins a keyframe
     * @return how many subscribers on this loop it went to
     */
    public int forward(MediaLoop loop, Producer producer, RtpPacket packet, boolean keyframeStart, long nowNanos) {
        Consumer[][] groups = producer.source().consumersByLoop();
        boolean vp8 = producer.isVp8();
        int own = loop.index();
        for (int i = 0; i < groups.length; i++) {
            if (i != own && groups[i].length > 0) {
                MediaLoop target = loop.sibling(i);
                if (target == null) {
                    continue;
                }
                if (target.handOffQueued(MAX_HANDOFFS_WAITING)) {
                    loop.handOff(target, new HandOff(target, producer, packet, vp8, keyframeStart, clock.getAsLong()));
                } else {
                    metrics.dropped(DropReason.LOOP_BEHIND);
                }
            }
        }
        return deliver(loop, producer, packet, vp8, keyframeStart, nowNanos);
    }

    /** On {@code loop}: the packet to the consumers this loop sends for. */
    private int deliver(MediaLoop loop, Producer producer, RtpPacket packet, boolean vp8Codec, boolean keyframeStart,
                        long nowNanos) {
        Consumer[] consumers = producer.source().consumersOn(loop.index());
        if (consumers.length == 0) {
            return 0;
        }
        long start = System.nanoTime();
        producer.keep(loop, packet, nowNanos);
        Vp8Descriptor vp8 = loop.vp8();
        if (vp8Codec) {
            vp8.read(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        } else {
            vp8.clear();
        }
        int sent = 0;
        for (Consumer consumer : consumers) {
            if (consumer.send(loop, producer, packet, vp8, keyframeStart, nowNanos)) {
                sent++;
            }
        }
        loop.flush();
        metrics.forwarded(sent, (long) sent * packet.length(), System.nanoTime() - start);
        return sent;
    }

    /**
     * A subscriber lost some packets of the consumer's track: resends what the cache still holds,
     * at most {@value #MAX_RESENT_PER_NACK} of them and within the consumer's retransmission budget.
     * On the consumer's loop.
     *
     * @param count how many of {@code sequenceNumbers} were asked for
     */
    public void retransmit(MediaLoop loop, Consumer consumer, int[] sequenceNumbers, int count, long nowNanos) {
        int served = 0;
        int asked = Math.min(count, MAX_RESENT_PER_NACK);
        for (int i = 0; i < asked; i++) {
            if (consumer.resend(loop, sequenceNumbers[i], nowNanos)) {
                served++;
            }
        }
        loop.flush();
        metrics.nacksServed(served, count - served);
    }

    /**
     * A bandwidth probe for the consumer's subscriber: the latest packets it was sent, sent again
     * at once on its RTX stream (duplicates the decoder discards), {@value #PROBE_MICROS} µs of
     * {@code rateBps} or at least {@value #MIN_PROBE_PACKETS} packets, their transport-wide numbers
     * told to the subscriber's estimator, whose feedback then shows whether the path carries
     * {@code rateBps}.
     *
     * @return how many probe packets went out
     */
    public int probe(MediaLoop loop, Consumer consumer, long rateBps, long nowNanos) {
        int newest = consumer.lastSequence();
        if (newest < 0) {
            return 0;
        }
        long wantedBytes = rateBps * PROBE_MICROS / 8_000_000;
        int oldest = newest;
        long bytes = 0;
        for (int back = 0; back < MAX_PROBE_PACKETS && (back < MIN_PROBE_PACKETS || bytes < wantedBytes); back++) {
            int length = consumer.cachedLength(loop, (newest - back) & 0xFFFF, nowNanos);
            if (length < 0) {
                break;
            }
            bytes += length;
            oldest = (newest - back) & 0xFFFF;
        }
        int first = -1;
        int sent = 0;
        for (int sequence = oldest; ; sequence = (sequence + 1) & 0xFFFF) {
            int number = consumer.sendProbe(loop, sequence, nowNanos);
            if (number >= 0) {
                first = sent == 0 ? number : first;
                sent++;
            }
            if (sequence == newest) {
                break;
            }
        }
        loop.flush();
        if (sent > 0) {
            consumer.target().transportWide().onProbeSent(first, sent, rateBps, nowNanos / 1000);
            metrics.probeSent(sent);
        }
        return sent;
    }

    /**
     * A packet on its way to another loop: a copy, since the publisher's loop reuses its buffer
     * for the next datagram at once. One allocation per packet and loop (about 330 a second per
     * loop for a 2.5 Mbit/s show), against a fan-out of hundreds of sends.
     */
    private final class HandOff implements Runnable {
        private final MediaLoop target;
        private final Producer producer;
        private final byte[] copy;
        private final boolean vp8;
        private final boolean keyframeStart;
        private final long handedNanos;

        HandOff(MediaLoop target, Producer producer, RtpPacket packet, boolean vp8, boolean keyframeStart,
                long handedNanos) {
            this.target = target;
            this.producer = producer;
            this.copy = Arrays.copyOfRange(packet.buffer(), packet.offset(), packet.offset() + packet.length());
            this.vp8 = vp8;
            this.keyframeStart = keyframeStart;
            this.handedNanos = handedNanos;
        }

        @Override
        public void run() {
            long start = clock.getAsLong();
            target.handOffTaken();
            if (start - handedNanos > MAX_HANDOFF_WAIT_NANOS) {
                metrics.dropped(DropReason.LOOP_BEHIND);
            } else {
                RtpPacket view = target.rtp();
                if (view.wrap(copy, 0, copy.length)) {
                    // Send times (transport-wide feedback, pacing of probes) are this loop's, not the arrival's.
                    deliver(target, producer, view, vp8, keyframeStart, start);
                }
            }
            target.worked(clock.getAsLong() - start);
        }
    }
}

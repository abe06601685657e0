package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtcp.ReceivedSenderReport;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A subscriber's view of one incoming SSRC: extended sequence numbers, which of them are still
 * missing and when to NACK them (after a short wait for reordering, then again while retries
 * last), duplicates and reordering, payload verification, keyframes and latency. Used on the
 * peer's event loop only.
 */
final class ReceivedTrack {

    /** Loopback reorders nothing; a short wait still keeps a NACK from racing a packet in flight. */
    static final long REORDER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Longer than the server's hold-off against resending one packet twice to a subscriber (80 ms). */
    static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int MAX_TRIES = 4;
    /** The server keeps about a second of packets; asking for older ones is pointless. */
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_MISSING = 1024;
    private static final int WINDOW = 1 << 14;
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(64);

    final long ssrc;
    final String kind;
    final RtpReceiveStats stats = new RtpReceiveStats();
    /** Whether the payload names its stream itself (a simulcast layer rewritten onto our SSRC). */
    private final boolean stampedIdentity;
    final ReceivedSenderReport senderReport = new ReceivedSenderReport();
    private final boolean[] seen = new boolean[WINDOW];
    private final long[] missingSequence = new long[MAX_MISSING];
    private final long[] missingSince = new long[MAX_MISSING];
    private final long[] lastNacked = new long[MAX_MISSING];
    private final int[] tries = new int[MAX_MISSING];
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 2);
    private final Recorder sharedLatency;
    private int missingCount;
    private boolean started;
    private long first = -1;
    private long highest = -1;
    private long packets;
    private long lost;
    private long recovered;
    private long outOfOrder;
    private long duplicates;
    private long droppedOnPurpose;
    private long nacked;
    private long plis;
    private long lastPliNanos;
    private long payloadMismatches;
    private long keyframes;
    private long lastKeyframeTimestamp = -1;
    private long firstKeyframeNanos = -1;

    ReceivedTrack(long ssrc, String kind, Recorder sharedLatency) {
        this(ssrc, kind, sharedLatency, false);
    }

    /**
     * @param sharedLatency   also gets every latency sample (a load test's overall percentiles); may be null
     * @param stampedIdentity the server forwards simulcast layers onto this SSRC with its own sequence
     *                        numbers, so a payload is checked against the layer's SSRC and sequence
     *                        number stamped in it rather than the header's
     */
    ReceivedTrack(long ssrc, String kind, Recorder sharedLatency, boolean stampedIdentity) {
        this.ssrc = ssrc;
        this.kind = kind;
        this.sharedLatency = sharedLatency;
        this.stampedIdentity = stampedIdentity;
    }

    /** True for a packet above the highest so far: a first arrival, not a retransmission or duplicate. */
    boolean isNew(int sequence) {
        return !started || extend(sequence) > highest;
    }

    /** A packet the drop policy discarded: it never arrived, so it goes missing once a later one does. */
    void droppedOnPurpose() {
        droppedOnPurpose++;
    }

    void onPacket(RtpPacket packet, OfferedStream stream, long nowNanos) {
        long sequence = started ? extend(packet.sequenceNumber()) : packet.sequenceNumber();
        if (!started) {
            started = true;
            first = sequence;
            highest = sequence;
        } else if (sequence > highest) {
            advanceTo(sequence, nowNanos);
        } else if (!arrivedLate(sequence)) {
            return;
        }
        seen[(int) (sequence & (WINDOW - 1))] = true;
        packets++;
        stats.onPacket(packet, nowNanos / 1_000 * stream.clockRate() / 1_000_000);
        String codec = stream.codec(packet.payloadType());
        boolean intact = stampedIdentity
                ? SyntheticPayloadCheck.matchesStamped(codec, packet.buffer(), packet.payloadOffset(),
                        packet.payloadLength())
                : SyntheticPayloadCheck.matches(codec, packet.buffer(), packet.payloadOffset(), packet.payloadLength(),
                        ssrc, packet.sequenceNumber());
        if (!intact) {
            payloadMismatches++;
        }
        if ("VP8".equalsIgnoreCase(codec) && packet.timestamp() != lastKeyframeTimestamp
                && Vp8Payload.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength())) {
            lastKeyframeTimestamp = packet.timestamp();
            keyframes++;
            if (firstKeyframeNanos < 0) {
                firstKeyframeNanos = nowNanos;
            }
        }
        recordLatency(codec, packet, nowNanos);
    }

    /** The sequence numbers skipped on the way up are missing; the ring forgets what fell out of the window. */
    private void advanceTo(long sequence, long nowNanos) {
        for (long s = Math.max(highest + 1, sequence - WINDOW + 1); s <= sequence; s++) {
            seen[(int) (s & (WINDOW - 1))] = false;
        }
        for (long s = highest + 1; s < sequence; s++) {
            if (missingCount == MAX_MISSING) {
                lost += sequence - s;
                break;
            }
            missingSequence[missingCount] = s;
            missingSince[missingCount] = nowNanos;
            tries[missingCount] = 0;
            missingCount++;
        }
        highest = sequence;
    }

    /** Below the highest: a recovery, a reordering, or a duplicate (then false: not counted again). */
    private boolean arrivedLate(long sequence) {
        if (sequence < first || highest - sequence >= WINDOW) {
            outOfOrder++;
            return false;
        }
        if (seen[(int) (sequence & (WINDOW - 1))]) {
            duplicates++;
            return false;
        }
        int index = indexOfMissing(sequence);
        if (index < 0) {
            // We had given up on it: it counts as lost already.
            outOfOrder++;
            return false;
        }
        if (tries[index] > 0) {
            recovered++;
        } else {
            outOfOrder++;
        }
        removeMissing(index);
        return true;
    }

    /**
     * Puts into {@code out} (ascending, 16-bit) the sequence numbers to NACK now and gives up on
     * those out of retries or too old for the server's cache.
     *
     * @return how many were written
     */
    int nacksDue(long nowNanos, int[] out) {
        int count = 0;
        int i = 0;
        while (i < missingCount) {
            boolean retryDue = tries[i] == 0 || nowNanos - lastNacked[i] >= RETRY_NANOS;
            if (nowNanos - missingSince[i] > GIVE_UP_NANOS || (tries[i] >= MAX_TRIES && retryDue)) {
                lost++;
                removeMissing(i);
                continue;
            }
            if (retryDue && nowNanos - missingSince[i] >= REORDER_WAIT_NANOS && count < out.length) {
                out[count++] = (int) (missingSequence[i] & 0xFFFF);
                tries[i]++;
                lastNacked[i] = nowNanos;
                nacked++;
            }
            i++;
        }
        return count;
    }

    /** True when a video track still lacks a keyframe and the last PLI is {@code intervalNanos} old. */
    boolean pliDue(long nowNanos, long intervalNanos) {
        if (!kind.equals("video") || keyframes > 0 || (plis > 0 && nowNanos - lastPliNanos < intervalNanos)) {
            return false;
        }
        plis++;
        lastPliNanos = nowNanos;
        return true;
    }

    boolean started() {
        return started;
    }

    ReceivedTrackStats snapshot() {
        boolean timed = latency.getTotalCount() > 0;
        return new ReceivedTrackStats(ssrc, kind, packets, first, highest, missingCount, lost, recovered, outOfOrder,
                duplicates, droppedOnPurpose, nacked, plis, payloadMismatches, keyframes, firstKeyframeNanos,
                timed ? latency.getValueAtPercentile(50) : -1, timed ? latency.getValueAtPercentile(99) : -1,
                timed ? latency.getMaxValue() : -1);
    }

    /**
     * The publisher stamped its System.nanoTime() in the payload (the server rewrites header
     * extensions, abs-send-time included, but never the payload): the same clock, when in one JVM.
     */
    private void recordLatency(String codec, RtpPacket packet, long nowNanos) {
        long sent = SyntheticPayloadCheck.sentNanos(codec, packet.buffer(), packet.payloadOffset(),
                packet.payloadLength());
        if (sent < 0) {
            return;
        }
        long micros = Math.max(0, Math.min(MAX_LATENCY_MICROS, (nowNanos - sent) / 1000));
        latency.recordValue(micros);
        if (sharedLatency != null) {
            sharedLatency.recordValue(micros);
        }
    }

    /** The extended sequence number nearest to the highest so far. */
    private long extend(int sequence) {
        int delta = (short) (sequence - (int) (highest & 0xFFFF));
        return highest + delta;
    }

    private int indexOfMissing(long sequence) {
        for (int i = 0; i < missingCount; i++) {
            if (missingSequence[i] == sequence) {
                return i;
            }
        }
        return -1;
    }

    /** Shifts the rest down, keeping them ascending as a NACK needs them. */
    private void removeMissing(int index) {
        int tail = missingCount - index - 1;
        System.arraycopy(missingSequence, index + 1, missingSequence, index, tail);
        System.arraycopy(missingSince, index + 1, missingSince, index, tail);
        System.arraycopy(lastNacked, index + 1, lastNacked, index, tail);
        System.arraycopy(tries, index + 1, tries, index, tail);
        missingCount--;
    }
}

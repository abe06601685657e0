package io.livestage.sfu.transport;

import io.livestage.sfu.cc.TransportCcArrivals;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.udp.MediaLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What we owe a publisher as its receiver: transport-wide feedback every
 * {@value #FEEDBACK_INTERVAL_MILLIS} to {@value #MAX_FEEDBACK_INTERVAL_MILLIS} ms (sooner when a
 * packet seems lost), without which its
 * bandwidth estimator starves at its floor; a REMB capping what it may send; receiver reports
 * once a second; and keyframe requests, merged and throttled per track. On the transport's owner
 * loop only.
 */
public final class PublisherFeedback {
    /** Chrome's own receivers report every 50 to 250 ms; at 50 ms its estimator ramps up fastest. */
    static final long FEEDBACK_INTERVAL_MILLIS = 50;
    /** The longest wait between feedback, for a stream too slow to be worth more (audio alone). */
    static final long MAX_FEEDBACK_INTERVAL_MILLIS = 250;
    /**
     * Feedback may cost the path at most this share of what the publisher sends, as libwebrtc's
     * receivers do: a 1:1 call's 180 kbit/s then gets feedback about every 90 ms, not 50 (about
     * half the feedback 400 call publishers cost); from about 320 kbit/s up (a phone's first
     * second of video included) it stays at 50 ms, so estimators ramp as fast as before.
     */
    static final double FEEDBACK_SHARE = 0.05;
    /** A feedback datagram's bits on the wire with IP, UDP and SRTCP overhead (about 100 bytes). */
    static final long FEEDBACK_BITS = 800;
    /** After a gap, feedback waits this long for packets merely reordered before reporting them lost. */
    static final long GAP_FEEDBACK_DELAY_MILLIS = 10;
    /** An RTCP report holds at most 31 blocks (a 5-bit count). */
    private static final int MAX_REPORT_BLOCKS = 31;
    /** Room for the SRTCP trailer behind the feedback in a pooled buffer. */
    private static final int MAX_FEEDBACK_BYTES = 1200;
    private static final byte[] OUR_CNAME = "livestage-sfu".getBytes(StandardCharsets.US_ASCII);

    private final TrackReceiveStage tracks;
    private final RtcpOutput output;
    private final SfuMetrics metrics;
    private final long maxBitrateBps;
    private final long[] rembSsrcs = new long[MAX_REPORT_BLOCKS];
    /** Our SSRC as the sender of RTCP to the publisher. */
    private final long ssrc = 1 + ThreadLocalRandom.current().nextLong(0xFFFFFFFEL);
    private boolean sentFeedback;
    private long lastFeedbackNanos;
    private long feedbackIntervalNanos = FEEDBACK_INTERVAL_MILLIS * 1_000_000;
    private boolean gapSeen;
    private long gapNanos;

    /** @param maxBitrateBps the REMB cap on what the publisher sends, or 0 for none */
    public PublisherFeedback(TrackReceiveStage tracks, RtcpOutput output, SfuMetrics metrics, long maxBitrateBps) {
        this.tracks = tracks;
        this.output = output;
        this.metrics = metrics;
        this.maxBitrateBps = maxBitrateBps;
    }

    /**
     * Called every few tens of milliseconds: transport-wide feedback when due, and keyframe
     * requests that had to wait for their turn.
     */
    public void poll(MediaLoop loop, long nowNanos) {
        if (tracks.takeGap() && !gapSeen) {
            gapSeen = true;
            gapNanos = nowNanos;
        }
        boolean due = !sentFeedback || nowNanos - lastFeedbackNanos >= feedbackIntervalNanos
                || gapSeen && nowNanos - gapNanos >= GAP_FEEDBACK_DELAY_MILLIS * 1_000_000;
        if (due && tracks.arrivals().hasUnreported()) {
            sendTransportCc(loop);
            sentFeedback = true;
            lastFeedbackNanos = nowNanos;
            gapSeen = false;
        }
        for (Producer producer : tracks.tracks()) {
            if (producer.keyframeRequestDue(nowNanos)) {
                sendPli(loop, producer);
            }
        }
    }

    /**
     * What the publisher sent over the last second, bits/s: sets the feedback's interval from
     * {@value #FEEDBACK_INTERVAL_MILLIS} ms (fast streams) to {@value #MAX_FEEDBACK_INTERVAL_MILLIS} ms.
     */
    public void incomingBitrate(double bitsPerSecond) {
        double millis = bitsPerSecond > 0 ? FEEDBACK_BITS * 1000 / (FEEDBACK_SHARE * bitsPerSecond)
                : FEEDBACK_INTERVAL_MILLIS;
        millis = Math.max(FEEDBACK_INTERVAL_MILLIS, Math.min(MAX_FEEDBACK_INTERVAL_MILLIS, millis));
        feedbackIntervalNanos = (long) (millis * 1_000_000);
    }

    private void sendTransportCc(MediaLoop loop) {
        TransportCcArrivals arrivals = tracks.arrivals();
        List<Producer> all = tracks.tracks();
        long mediaSsrc = all.isEmpty() ? 0 : all.get(0).ssrc();
        PacketBuffer out = loop.buffers().acquire();
        try {
            int length;
            while ((length = arrivals.writeFeedback(out.array(), 0, MAX_FEEDBACK_BYTES, ssrc, mediaSsrc)) > 0) {
                if (!output.sendRtcp(loop, out, length)) {
                    return;
                }
                metrics.transportCcFeedbackSent();
            }
        } finally {
            loop.buffers().release(out);
        }
    }

    /** A viewer needs a keyframe of the track: asked for at once unless a request is already under way. */
    public void keyframeWanted(MediaLoop loop, Producer producer, long nowNanos) {
        if (producer.keyframeWanted(nowNanos)) {
            sendPli(loop, producer);
        }
    }

    /** Asks for a keyframe on every video track that has not sent one yet. */
    public void requestMissingKeyframes(MediaLoop loop, long nowNanos) {
        for (Producer producer : tracks.tracks()) {
            if (producer.needsKeyframe() && producer.keyframeWanted(nowNanos)) {
                sendPli(loop, producer);
            }
        }
    }

    private void sendPli(MediaLoop loop, Producer producer) {
        PacketBuffer buffer = loop.buffers().acquire();
        try {
            int length = RtcpFeedbackWriter.writePli(buffer.array(), 0, ssrc, producer.ssrc());
            if (output.sendRtcp(loop, buffer, length)) {
                metrics.keyframeRequested();
            }
        } finally {
            loop.buffers().release(buffer);
        }
    }

    /** Once a second: reception reports about each track (RFC 3550) with our CNAME, and the bitrate cap. */
    public void report(MediaLoop loop, long nowNanos) {
        List<Producer> all = tracks.tracks();
        if (all.isEmpty()) {
            return;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            RtcpCompoundWriter writer = loop.rtcpWriter();
            writer.begin(out.array(), 0);
            int blocks = Math.min(all.size(), MAX_REPORT_BLOCKS);
            writer.receiverReport(ssrc, blocks);
            for (int i = 0; i < blocks; i++) {
                Producer producer = all.get(i);
                writer.reportBlock(producer.ssrc(), producer.stats(), producer.senderReport(), nowNanos);
                rembSsrcs[i] = producer.ssrc();
            }
            writer.sdesCname(ssrc, OUR_CNAME);
            int length = writer.finish();
            if (length > 0 && maxBitrateBps > 0) {
                int remb = RtcpFeedbackWriter.writeRemb(out.array(), length, ssrc, maxBitrateBps, rembSsrcs, blocks);
                length += Math.max(0, remb);
            }
            if (length > 0) {
                output.sendRtcp(loop, out, length);
            }
        } finally {
            loop.buffers().release(out);
        }
    }
}

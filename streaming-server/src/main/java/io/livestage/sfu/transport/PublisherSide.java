package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtcp.SenderReport;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.udp.MediaLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A transport's role as a publisher: its incoming tracks, the fan-out of each packet to their
 * consumers, and the feedback we send the publisher (keyframe requests, receiver reports) or
 * serve for its viewers (retransmissions). On the transport's owner loop, except where noted.
 */
final class PublisherSide {
    /** An RTCP report holds at most 31 blocks (a 5-bit count). */
    private static final int MAX_REPORT_BLOCKS = 31;
    private static final byte[] OUR_CNAME = "livestage-sfu".getBytes(StandardCharsets.US_ASCII);

    private final WebRtcTransport transport;
    private final SfuMetrics metrics;
    private final ProducerTable producers;
    /** Our SSRC as the sender of RTCP to the publisher. */
    private final long feedbackSsrc = 1 + ThreadLocalRandom.current().nextLong(0xFFFFFFFEL);

    PublisherSide(WebRtcTransport transport, SfuMetrics metrics, List<AcceptedMedia> incoming) {
        this.transport = transport;
        this.metrics = metrics;
        this.producers = new ProducerTable(incoming);
    }

    /** The tracks the publisher's SDP announced; fixed, so readable from any thread. */
    List<Producer> announced() {
        return producers.announced();
    }

    /** A decrypted RTP packet: accounted to its track, then forwarded to the track's consumers. */
    void onRtp(MediaLoop home, RtpPacket rtp) {
        Producer producer = producers.media(rtp.ssrc());
        if (producer == null) {
            Producer repaired = producers.repairedBy(rtp.ssrc());
            if (repaired != null) {
                repaired.onRetransmission();
                metrics.rtpIn(rtp.length());
                return;
            }
            producer = producers.learn(rtp);
            if (producer == null) {
                metrics.dropped(DropReason.UNKNOWN_SSRC);
                return;
            }
        }
        Producer.Verdict verdict = producer.onPacket(rtp, System.nanoTime());
        if (verdict == Producer.Verdict.UNKNOWN_PAYLOAD_TYPE) {
            metrics.dropped(DropReason.MALFORMED);
            return;
        }
        if (verdict == Producer.Verdict.NEW_KEYFRAME) {
            metrics.keyframe();
        }
        metrics.rtpIn(rtp.length());
        if (producer.hasConsumers()) {
            long start = System.nanoTime();
            int sent = producer.forward(home, rtp, start);
            home.flush();
            metrics.forwarded(sent, (long) sent * rtp.length(), System.nanoTime() - start);
            if (producer.keyframeRequestDue(start)) {
                sendPli(home, producer);
            }
        }
    }

    /** SRTP that did not authenticate, counted against its track when the SSRC is known. */
    void onDecryptFailure(long ssrc) {
        Producer producer = producers.media(ssrc);
        if (producer != null) {
            producer.onDecryptFailure();
        }
    }

    /** The publisher's sender report: the base of our receiver reports and of viewers' lip sync. */
    void onSenderReport(SenderReport report, long nowNanos) {
        Producer producer = producers.media(report.senderSsrc());
        if (producer != null) {
            producer.senderReport().onSenderReport(report, nowNanos);
        }
    }

    /** Asks the publisher (PLI) for a keyframe on every video track that has not sent one yet. */
    void requestMissingKeyframes(MediaLoop home, long nowNanos) {
        for (Producer producer : producers.all()) {
            if (producer.needsKeyframe() && producer.keyframeWanted(nowNanos)) {
                sendPli(home, producer);
            }
        }
    }

    /** A viewer needs a keyframe of the track: asked for at most once per interval, however many ask. */
    void keyframeWanted(MediaLoop home, Producer producer) {
        if (producer.keyframeWanted(System.nanoTime())) {
            sendPli(home, producer);
        }
    }

    private void sendPli(MediaLoop home, Producer producer) {
        PacketBuffer buffer = home.buffers().acquire();
        try {
            int length = RtcpFeedbackWriter.writePli(buffer.array(), 0, feedbackSsrc, producer.ssrc());
            if (transport.sendRtcp(home, buffer, length)) {
                metrics.keyframeRequested();
            }
        } finally {
            home.buffers().release(buffer);
        }
    }

    /** A viewer lost some of our packets: resend what the track's cache still holds. */
    void retransmit(MediaLoop home, Consumer consumer, int[] sequenceNumbers) {
        long now = System.nanoTime();
        int served = 0;
        for (int sequenceNumber : sequenceNumbers) {
            PacketBuffer cached = consumer.producer().cached(sequenceNumber, now);
            if (cached != null && consumer.resend(home, cached, sequenceNumber, now)) {
                served++;
            }
        }
        home.flush();
        metrics.nacksServed(served, sequenceNumbers.length - served);
    }

    /** Once a second: track samples, sender reports to viewers, a receiver report to the publisher. */
    void tick(MediaLoop home, long nowNanos) {
        requestMissingKeyframes(home, nowNanos);
        for (Producer producer : producers.all()) {
            metrics.trackSample(producer.lossRatio(), producer.jitterSeconds());
            for (Consumer consumer : producer.consumers()) {
                consumer.sendSenderReport(home, nowNanos);
            }
        }
        sendReceiverReport(home, nowNanos);
    }

    /** Reception reports to the publisher about each of its tracks (RFC 3550), with our CNAME. */
    private void sendReceiverReport(MediaLoop home, long nowNanos) {
        List<Producer> tracks = producers.all();
        if (tracks.isEmpty()) {
            return;
        }
        PacketBuffer out = home.buffers().acquire();
        try {
            RtcpCompoundWriter writer = home.rtcpWriter();
            writer.begin(out.array(), 0);
            int blocks = Math.min(tracks.size(), MAX_REPORT_BLOCKS);
            writer.receiverReport(feedbackSsrc, blocks);
            for (int i = 0; i < blocks; i++) {
                Producer producer = tracks.get(i);
                writer.reportBlock(producer.ssrc(), producer.stats(), producer.senderReport(), nowNanos);
            }
            writer.sdesCname(feedbackSsrc, OUR_CNAME);
            int length = writer.finish();
            if (length > 0) {
                transport.sendRtcp(home, out, length);
            }
        } finally {
            home.buffers().release(out);
        }
    }

    /** The tracks end: their consumers stop and stored media is freed. */
    void end() {
        for (Producer producer : producers.all()) {
            producer.end();
        }
    }

    List<TrackStats> tracks(String userId) {
        List<TrackStats> tracks = new ArrayList<>();
        for (Producer producer : producers.all()) {
            tracks.add(producer.snapshot(userId));
        }
        return tracks;
    }
}

package io.livestage.sfu.transport;

import io.livestage.sfu.cc.TransportCcArrivals;
import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.SenderReport;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AcceptedMedia;
import io.livestage.sfu.sdp.HeaderExtension;
import java.util.List;

/**
 * Receive stage 3: a decrypted RTP packet from a publisher meets its track. Its transport-wide
 * sequence number is recorded first, whatever the stream (media, retransmission or the
 * estimator's padding probes), since the feedback must describe every packet the publisher's
 * congestion controller sent; then the SSRC finds the stream ({@link Producer}: a track, or one
 * simulcast layer of it, learned from its rid), which keeps receive statistics and notices keyframes. Used on the transport's owner loop only.
 */
public final class TrackReceiveStage {
    private final ProducerTable producers;
    private final SfuMetrics metrics;
    /** The publisher's transport-cc extension id, or -1 when it did not negotiate one. */
    private final int transportCcId;
    private final TransportCcArrivals arrivals = new TransportCcArrivals();
    private boolean gapSeen;
    private boolean keyframeStarted;
    private long bytes;

    public TrackReceiveStage(List<AcceptedMedia> incoming, SfuMetrics metrics) {
        this.producers = new ProducerTable(incoming);
        this.metrics = metrics;
        int id = -1;
        for (AcceptedMedia section : incoming) {
            id = Math.max(id, section.extensionId(HeaderExtension.TRANSPORT_CC));
        }
        this.transportCcId = id;
    }

    /**
     * A decrypted packet of the publisher.
     *
     * @return the track whose consumers should get it, or null when it ends here (a retransmission
     *     or padding on an RTX stream, an unknown stream or payload type)
     */
    public Producer onRtp(RtpPacket rtp, long nowNanos) {
        keyframeStarted = false;
        recordArrival(rtp, nowNanos);
        bytes += rtp.length();
        Producer producer = producers.media(rtp.ssrc());
        if (producer == null && producers.repairedBy(rtp.ssrc()) == null) {
            producer = producers.learn(rtp);
        }
        if (producer == null) {
            Producer repaired = producers.repairedBy(rtp.ssrc());
            if (repaired == null) {
                metrics.dropped(DropReason.UNKNOWN_SSRC);
                return null;
            }
            repaired.onRetransmission();
            metrics.rtpIn(rtp.length());
            return null;
        }
        Producer.Verdict verdict = producer.onPacket(rtp, nowNanos);
        if (verdict == Producer.Verdict.UNKNOWN_PAYLOAD_TYPE) {
            metrics.dropped(DropReason.MALFORMED);
            return null;
        }
        if (verdict == Producer.Verdict.NEW_KEYFRAME) {
            keyframeStarted = true;
            metrics.keyframe();
        }
        metrics.rtpIn(rtp.length());
        return producer;
    }

    private void recordArrival(RtpPacket rtp, long nowNanos) {
        if (transportCcId < 0) {
            return;
        }
        int at = rtp.findExtension(transportCcId);
        if (at >= 0 && rtp.foundExtensionLength() == 2
                && arrivals.record(NetworkOrder.uint16(rtp.buffer(), at), nowNanos / 1000)) {
            gapSeen = true;
        }
    }

    /** Whether the last packet accepted began a new keyframe. */
    public boolean keyframeStarted() {
        return keyframeStarted;
    }

    TransportCcArrivals arrivals() {
        return arrivals;
    }

    /** True once after an arrival revealed a gap in the transport-wide sequence: feedback should go sooner. */
    boolean takeGap() {
        boolean seen = gapSeen;
        gapSeen = false;
        return seen;
    }

    /** Bytes received from the publisher so far (RTP, all streams, after decryption). */
    long bytes() {
        return bytes;
    }

    /** SRTP that did not authenticate, counted against its track when the SSRC is known. */
    public void onDecryptFailure(long ssrc) {
        Producer producer = producers.media(ssrc);
        if (producer != null) {
            producer.onDecryptFailure();
        }
    }

    /** The publisher's sender report: the base of our receiver reports and of viewers' lip sync. */
    void onSenderReport(SenderReport report, long nowNanos) {
        Producer producer = producers.media(report.senderSsrc());
        if (producer != null) {
            producer.onSenderReport(report, nowNanos);
        }
    }

    /** Every stream (a track, or a simulcast layer of one), announced or learned. */
    public List<Producer> tracks() {
        return producers.all();
    }

    /** Every track, announced or learned from a MID. */
    List<MediaSource> sources() {
        return producers.sources();
    }

    /** The tracks the publisher's SDP announced; fixed, so readable from any thread. */
    List<MediaSource> announced() {
        return producers.announced();
    }
}

package io.livestage.sfu.transport;

import io.livestage.sfu.metrics.DropReason;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.FullIntraRequest;
import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.SenderReport;
import io.livestage.sfu.udp.MediaLoop;

/**
 * Receive stage 2: the peer's RTCP ends here; nothing is forwarded as it came. As a publisher's
 * receiver we take its sender reports; as a subscriber's sender we take its reception reports,
 * NACKs (served from the producer's cache), keyframe requests (merged upstream), and its
 * transport-wide feedback and REMB (the delivery statistics of our sending). What we owe the
 * peer in return is {@link PublisherFeedback}'s. On the transport's owner loop only.
 */
public final class RtcpTerminationStage {
    private final TrackReceiveStage tracks;
    private final SubscriberSide subscribers;
    private final SfuMetrics metrics;

    RtcpTerminationStage(TrackReceiveStage tracks, SubscriberSide subscribers, SfuMetrics metrics) {
        this.tracks = tracks;
        this.subscribers = subscribers;
        this.metrics = metrics;
    }

    /** A decrypted compound RTCP packet from the peer. */
    public void onRtcp(MediaLoop loop, byte[] buf, int off, int len, long nowNanos) {
        RtcpCompoundReader reader = loop.rtcp();
        if (!reader.wrap(buf, off, len)) {
            metrics.dropped(DropReason.MALFORMED);
            return;
        }
        metrics.rtcpIn();
        RtcpKind kind;
        while ((kind = reader.next()) != RtcpKind.END) {
            switch (kind) {
                case SENDER_REPORT -> {
                    SenderReport report = reader.senderReport();
                    tracks.onSenderReport(report, nowNanos);
                    subscribers.onReport(report, loop.ntp().ntpAt(nowNanos));
                }
                case RECEIVER_REPORT -> subscribers.onReport(reader.receiverReport(), loop.ntp().ntpAt(nowNanos));
                case NACK -> metrics.nacksReceived(subscribers.onNack(loop, reader.nack(), loop.lostSequenceNumbers()));
                case PLI -> keyframeWanted(reader.pli().mediaSsrc());
                case FIR -> {
                    FullIntraRequest fir = reader.fir();
                    for (int i = 0; i < fir.entryCount(); i++) {
                        keyframeWanted(fir.entrySsrc(i));
                    }
                }
                case TRANSPORT_CC -> {
                    metrics.subscriberFeedback();
                    subscribers.transportWide().onFeedback(reader.transportCc(), nowNanos / 1000);
                    subscribers.allocate(nowNanos);
                    subscribers.probeIfWanted(loop, nowNanos);
                }
                case REMB -> subscribers.transportWide().onRemb(reader.remb().bitrate(), nowNanos / 1000);
                default -> {
                    // SDES, BYE and packets we do not interpret need nothing from a forwarding server.
                }
            }
        }
    }

    private void keyframeWanted(long mediaSsrc) {
        subscribers.onKeyframeRequest(mediaSsrc);
    }
}

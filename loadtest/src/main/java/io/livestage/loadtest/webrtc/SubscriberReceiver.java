package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtcp.RtcpCompoundReader;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtcp.RtcpFeedbackWriter;
import io.livestage.sfu.rtcp.RtcpKind;
import io.livestage.sfu.rtcp.SenderReport;
import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpPacket;
import io.netty.util.collection.LongObjectHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;

/**
 * A subscriber's receive side: tracks every SSRC the current offer announces, checks what arrives,
 * and sends the feedback a browser would: NACKs for gaps, PLIs while a video track has no keyframe,
 * receiver reports once a second. The test's drop policy discards new video packets on receipt,
 * before decryption, as if the network had lost them. On the peer's event loop only, except the volatile counter.
 */
final class SubscriberReceiver implements MediaReceiver {

    static final long FEEDBACK_INTERVAL_MILLIS = 10;
    static final long PLI_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** An RR holds at most 31 report blocks. */
    private static final int MAX_TRACKS = 31;
    private static final int MAX_NACKED_PER_PACKET = 128;

    private final DropPolicy videoDrop;
    private final long reporterSsrc;
    private final byte[] cname;
    private final Recorder sharedLatency;
    private final boolean simulcast;
    private final LongObjectHashMap<ReceivedTrack> tracks = new LongObjectHashMap<>();
    private final List<ReceivedTrack> order = new ArrayList<>();
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final RtcpCompoundWriter writer = new RtcpCompoundWriter();
    private final byte[] rtcpOut = new byte[SrtpOutput.DATAGRAM_CAPACITY];
    private final int[] nackScratch = new int[MAX_NACKED_PER_PACKET];
    private ServerOffer offer;
    private long newVideoPackets;
    private long lastReportNanos = System.nanoTime();
    private volatile long unknownSsrcPackets;

    SubscriberReceiver(DropPolicy videoDrop, long reporterSsrc, String cname, Recorder sharedLatency) {
        this(videoDrop, reporterSsrc, cname, sharedLatency, false);
    }

    /**
     * @param sharedLatency also gets every track's latency samples; may be null
     * @param simulcast     video comes from simulcast layers, rewritten by the server: its payloads are
     *                      checked against the identity stamped in them
     */
    SubscriberReceiver(DropPolicy videoDrop, long reporterSsrc, String cname, Recorder sharedLatency,
            boolean simulcast) {
        this.videoDrop = videoDrop;
        this.reporterSsrc = reporterSsrc;
        this.cname = cname.getBytes(StandardCharsets.UTF_8);
        this.sharedLatency = sharedLatency;
        this.simulcast = simulcast;
    }

    /** The offer we answer now: its streams are expected from here on. */
    void offer(ServerOffer current) {
        offer = current;
        for (OfferedStream stream : current.streams()) {
            if (!tracks.containsKey(stream.ssrc()) && tracks.size() < MAX_TRACKS) {
                ReceivedTrack track = new ReceivedTrack(stream.ssrc(), stream.kind(), sharedLatency,
                        simulcast && stream.kind().equals("video"));
                tracks.put(stream.ssrc(), track);
                order.add(track);
            }
        }
    }

    @Override
    public boolean dropBeforeDecryption(byte[] buf, int off, int len) {
        if (len < RtpPacket.FIXED_HEADER_LENGTH) {
            return false;
        }
        long ssrc = NetworkOrder.uint32(buf, off + 8);
        ReceivedTrack track = tracks.get(ssrc);
        if (track == null || !track.kind.equals("video") || !track.isNew(NetworkOrder.uint16(buf, off + 2))
                || !videoDrop.drop(++newVideoPackets)) {
            return false;
        }
        track.droppedOnPurpose();
        return true;
    }

    @Override
    public void onRtp(WebRtcPeer peer, RtpPacket packet) {
        OfferedStream stream = offer == null ? null : offer.stream(packet.ssrc());
        ReceivedTrack track = stream == null ? null : tracks.get(packet.ssrc());
        if (track == null) {
            unknownSsrcPackets++;
            return;
        }
        track.onPacket(packet, stream, System.nanoTime());
    }

    @Override
    public void onRtcp(WebRtcPeer peer, byte[] buf, int off, int len) {
        if (!reader.wrap(buf, off, len)) {
            return;
        }
        long now = System.nanoTime();
        for (RtcpKind kind = reader.next(); kind != RtcpKind.END; kind = reader.next()) {
            if (kind == RtcpKind.SENDER_REPORT) {
                SenderReport report = reader.senderReport();
                ReceivedTrack track = tracks.get(report.senderSsrc());
                if (track != null) {
                    track.senderReport.onSenderReport(report, now);
                }
            }
        }
    }

    /** Runs every {@link #FEEDBACK_INTERVAL_MILLIS} on the peer's loop once connected. */
    void feedback(WebRtcPeer peer, long nowNanos) {
        for (ReceivedTrack track : order) {
            int count = track.nacksDue(nowNanos, nackScratch);
            if (count > 0) {
                send(peer, RtcpFeedbackWriter.writeNack(rtcpOut, 0, reporterSsrc, track.ssrc, nackScratch, count));
            }
            if (offer != null && offer.stream(track.ssrc) != null && track.pliDue(nowNanos, PLI_INTERVAL_NANOS)) {
                send(peer, RtcpFeedbackWriter.writePli(rtcpOut, 0, reporterSsrc, track.ssrc));
            }
        }
        if (nowNanos - lastReportNanos >= REPORT_INTERVAL_NANOS) {
            lastReportNanos = nowNanos;
            report(peer, nowNanos);
        }
    }

    private void report(WebRtcPeer peer, long nowNanos) {
        int blocks = 0;
        for (ReceivedTrack track : order) {
            blocks += track.started() ? 1 : 0;
        }
        writer.begin(rtcpOut, 0);
        writer.receiverReport(reporterSsrc, blocks);
        for (ReceivedTrack track : order) {
            if (track.started()) {
                writer.reportBlock(track.ssrc, track.stats, track.senderReport, nowNanos);
            }
        }
        writer.sdesCname(reporterSsrc, cname);
        send(peer, writer.finish());
    }

    private void send(WebRtcPeer peer, int length) {
        if (length > 0) {
            peer.sendRtcp(rtcpOut, 0, length);
        }
    }

    List<ReceivedTrackStats> snapshot() {
        List<ReceivedTrackStats> list = new ArrayList<>(order.size());
        for (ReceivedTrack track : order) {
            list.add(track.snapshot());
        }
        return list;
    }

    long unknownSsrcPackets() {
        return unknownSsrcPackets;
    }
}

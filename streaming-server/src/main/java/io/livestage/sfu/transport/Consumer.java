package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.rtcp.ReceivedSenderReport;
import io.livestage.sfu.rtcp.RtcpCompoundWriter;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RetransmissionBudget;
import io.livestage.sfu.rtp.RetransmissionGuard;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.sdp.SubscriberSection;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpPacket;
import io.livestage.sfu.srtp.SrtpSession;
import io.livestage.sfu.srtp.SrtpStatus;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;

/**
 * One publisher's track on its way to one subscriber. It lives on its subscriber's media loop
 * ({@link #home()}): the publisher's loop hands each packet to that loop once for all the
 * consumers there, and everything a consumer does (rewrite, encrypt, send, retransmit, probe,
 * report) happens on it, without locks. It has SRTP contexts of its own, keyed from the
 * subscriber's DTLS handshake, and is the only sender of its SSRC to that subscriber (media,
 * retransmissions and sender reports alike), so no two contexts ever share a keystream.
 *
 * <p>For a simulcast track it forwards one layer: the one its subscriber's estimate (or the
 * viewer's pin) chose, switched to on that layer's next keyframe, with the stream kept continuous
 * across switches ({@link StreamProjection}) and VP8 temporal layers dropped as chosen ({@link
 * TemporalFilter}). The choice is made on the same loop ({@link #allocate}); the publisher's loop
 * reads what it needs (layers in use) through volatile fields.
 */
public final class Consumer {
    /** Hears which layer the subscriber now receives. Called on the consumer's loop; must not block. */
    public interface LayerListener {
        void layerChanged(Consumer consumer, int layer, boolean pinned);
    }

    /** For {@link #pin}: no pinned layer, the subscriber's estimate chooses. */
    public static final int AUTO = LayerSelector.AUTO;

    private static final LayerListener NO_LISTENER = (consumer, layer, pinned) -> { };

    private final MediaSource source;
    private final WebRtcTransport publisher;
    private final SendTarget subscriber;
    private final SubscriberSendStage sendStage;
    private final StreamProjection projection;
    private final TemporalFilter temporal = new TemporalFilter();
    private final RetransmissionGuard resent = new RetransmissionGuard();
    private final RetransmissionBudget resendBudget = new RetransmissionBudget();
    /** Subscriber loop only. */
    private final LayerSelector selector = new LayerSelector();
    /** The one simulcast layer this consumer forwards, whatever the estimate, or {@link #AUTO}; see {@link #ofLayer}. */
    private final int fixedLayer;
    /** The relay's node does not need the layer now ({@link #holdBack}); any thread. */
    private volatile boolean heldBack;
    /** Consumer's loop only: packets were held back, so the layer goes on from its next keyframe. */
    private boolean missedSome;
    private final int[] recalledLayer = new int[1];
    private volatile LayerListener listener = NO_LISTENER;
    private volatile int wantedSpatial;
    private volatile int wantedTemporal = TemporalFilter.ALL;
    private volatile int pinned = LayerSelector.AUTO;
    /** The layer being forwarded, -1 before the first; written on the consumer's loop. */
    private volatile int currentSpatial = -1;
    private volatile long switches;
    /** The subscriber's loop, set before the consumer joins its source; null in single-loop tests. */
    private volatile MediaLoop home;
    private boolean closed;
    private long packetsSent;
    private long payloadBytesSent;

    /**
     * @param section  the subscriber's m-section for this track, as offered
     * @param answered the subscriber's answer for that section
     */
    public Consumer(MediaSource source, WebRtcTransport publisher, SendTarget subscriber, SubscriberSection section,
                    AnsweredSection answered) {
        this(source, publisher, subscriber, section, answered, AUTO, section.track().ssrc(), section.track().rtxSsrc());
    }

    private Consumer(MediaSource source, WebRtcTransport publisher, SendTarget subscriber, SubscriberSection section,
                     AnsweredSection answered, int fixedLayer, long ssrc, long rtxSsrc) {
        this.source = source;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.fixedLayer = fixedLayer;
        this.projection = new StreamProjection(ssrc);
        this.sendStage = new SubscriberSendStage(new RtpRewriter(section, answered), projection, subscriber,
                RtxStream.of(section, answered, rtxSsrc));
        if (fixedLayer != AUTO) {
            wantedSpatial = fixedLayer;
            pinned = fixedLayer;
        }
    }

    /**
     * A consumer of one layer of a simulcast track, under that layer's own SSRCs from the section's track ({@link
     * io.livestage.sfu.sdp.OutgoingTrack#layers()}): what a relay to another node gets for each layer, so that
     * node's viewers can each be sent their own. It forwards the layer whole (every temporal layer) from its next
     * keyframe on, whatever its subscriber's estimate.
     */
    public static Consumer ofLayer(MediaSource source, WebRtcTransport publisher, SendTarget subscriber,
                                  SubscriberSection section, AnsweredSection answered, int layer) {
        OutgoingTrack.LayerStream stream = section.track().layers().get(layer);
        return new Consumer(source, publisher, subscriber, section, answered, layer, stream.ssrc(), stream.rtxSsrc());
    }

    public MediaSource source() {
        return source;
    }

    public WebRtcTransport publisher() {
        return publisher;
    }

    /** The SSRC the subscriber knows the track by. */
    long ssrc() {
        return projection.ssrc();
    }

    public void listen(LayerListener layerListener) {
        this.listener = layerListener;
    }

    /** The loop that sends for this consumer (its subscriber's), before it is added to its source. */
    void home(MediaLoop loop) {
        home = loop;
    }

    /** The loop that sends for this consumer; null when it was never set (single-loop tests). Any thread. */
    MediaLoop home() {
        return home;
    }

    /** The index of {@link #home()}, 0 when unset. Any thread. */
    int loopIndex() {
        MediaLoop loop = home;
        return loop == null ? 0 : loop.index();
    }

    /** On the consumer's loop, once the subscriber's DTLS handshake produced keys. */
    public void key(SrtpKeyingMaterial keys, DtlsRole ourRole) {
        if (closed || sendStage.keyed()) {
            return;
        }
        sendStage.key(ourRole == DtlsRole.SERVER ? SrtpSession.forDtlsServer(keys) : SrtpSession.forDtlsClient(keys));
    }

    /**
     * Sends a decrypted packet of one of the track's layers on to the subscriber, when it is the
     * layer being forwarded (or the chosen one, beginning a keyframe) and its temporal layer is
     * wanted; the caller flushes once per fan-out. On the consumer's loop.
     *
     * @param vp8           the packet's VP8 descriptor, read once for every consumer (not valid for other codecs)
     * @param keyframeStart whether the packet begins a keyframe (the subscriber's first one is timed)
     */
    boolean send(MediaLoop loop, Producer layer, RtpPacket packet, Vp8Descriptor vp8, boolean keyframeStart,
                 long nowNanos) {
        if (closed) {
            return false;
        }
        if (heldBack) {
            missedSome = true;
            return false;
        }
        if (missedSome) {
            missedSome = false;
            projection.resume();
            currentSpatial = -1;
        }
        int index = layer.layer();
        if (index != projection.layer()) {
            boolean first = !projection.started();
            if (source.simulcast() && (index != wantedSpatial || !keyframeStart)) {
                return false;
            }
            Producer previous = source.layer(projection.layer());
            projection.switchTo(index, packet, vp8, alignedTimestamp(loop, previous, layer, packet, nowNanos),
                    layer.clockRate(), nowNanos);
            temporal.reset(wantedTemporal);
            currentSpatial = index;
            if (source.simulcast() && fixedLayer == AUTO) {
                if (!first) {
                    switches++;
                    subscriber.layerSwitched();
                }
                listener.layerChanged(this, index, pinned != LayerSelector.AUTO);
            }
        }
        if (!temporal.accept(vp8, wantedTemporal)) {
            projection.skip(vp8);
            return false;
        }
        projection.project(packet, vp8, nowNanos);
        if (!sendStage.send(loop, packet, vp8, nowNanos)) {
            return false;
        }
        packetsSent++;
        payloadBytesSent += packet.payloadLength();
        if (keyframeStart) {
            subscriber.keyframeSent(nowNanos);
        }
        return true;
    }

    /**
     * The new layer's timestamp on the outgoing timeline: where the previous layer's clock stood
     * at the same wall-clock time, by both layers' sender reports; -1 when one has none.
     */
    private long alignedTimestamp(MediaLoop loop, Producer from, Producer to, RtpPacket packet, long nowNanos) {
        if (from == null || from == to) {
            return -1;
        }
        ReceivedSenderReport before = from.lastSenderReport();
        ReceivedSenderReport after = to.lastSenderReport();
        if (!before.received() || !after.received()) {
            return -1;
        }
        long ntp = loop.ntp().ntpAt(nowNanos);
        int clockRate = to.clockRate();
        long onOldTimeline = packet.timestamp() - after.rtpTimestampAt(ntp, clockRate) + before.rtpTimestampAt(ntp, clockRate);
        return (onOldTimeline + projection.timestampDelta()) & 0xFFFF_FFFFL;
    }

    /**
     * Sends again the packet we sent as {@code sequenceNumber}, unless it was just resent to this
     * subscriber, the subscriber has used up its retransmission budget, or the cache no longer
     * holds it. On the consumer's loop.
     */
    boolean resend(MediaLoop loop, int sequenceNumber, long nowNanos) {
        RtpPacket header = recall(loop, sequenceNumber, nowNanos);
        return header != null && resent.shouldResend(sequenceNumber, nowNanos)
                && resendBudget.take(header.length(), nowNanos)
                && sendStage.send(loop, header, loop.vp8(), nowNanos);
    }

    /**
     * Sends again the packet we sent as {@code sequenceNumber} on the subscriber's RTX stream, as
     * part of a bandwidth probe.
     *
     * @return the transport-wide number it went out with, or -1 when it did not go
     */
    int sendProbe(MediaLoop loop, int sequenceNumber, long nowNanos) {
        RtpPacket header = recall(loop, sequenceNumber, nowNanos);
        boolean sent = header != null && sendStage.sendRtx(loop, header, loop.vp8(), nowNanos);
        return sent ? sendStage.lastTransportSequence() : -1;
    }

    /** The length of the packet we sent as {@code sequenceNumber} if the cache still holds it, else -1. */
    int cachedLength(MediaLoop loop, int sequenceNumber, long nowNanos) {
        RtpPacket header = recall(loop, sequenceNumber, nowNanos);
        return header == null ? -1 : header.length();
    }

    /** The sequence number of the newest packet sent to the subscriber, or -1 before any. */
    int lastSequence() {
        return packetsSent == 0 ? -1 : projection.lastSequence();
    }

    /** The cached publisher packet we sent as {@code sequenceNumber}, wrapped in the loop's header view; null when gone. */
    private RtpPacket recall(MediaLoop loop, int sequenceNumber, long nowNanos) {
        if (closed) {
            return null;
        }
        int original = projection.recall(sequenceNumber, recalledLayer);
        Producer layer = original < 0 ? null : source.layer(recalledLayer[0]);
        PacketBuffer cached = layer == null ? null : layer.cached(loop, original, nowNanos);
        RtpPacket header = loop.cachedRtp();
        if (cached == null || !header.wrap(cached.array(), cached.offset(), cached.length())) {
            return null;
        }
        if (layer.isVp8()) {
            loop.vp8().read(header.buffer(), header.payloadOffset(), header.payloadLength());
        } else {
            loop.vp8().clear();
        }
        return header;
    }

    /** The subscriber's transport as this consumer sends to it. */
    SendTarget target() {
        return subscriber;
    }

    /**
     * Chooses the layer again from what the subscriber's estimate leaves for this track. On the
     * subscriber's loop. A new spatial layer needs its keyframe, asked for at once (merged with
     * everyone else's asks on the publisher's loop).
     *
     * @param climbBudgetBps what the path was seen to carry for this track (see {@link LayerSelector#choose})
     * @return the bitrate of the choice, bits/s
     */
    long allocate(long budgetBps, long climbBudgetBps, long nowNanos) {
        if (!source.simulcast()) {
            return source.bitrateBps();
        }
        if (fixedLayer != AUTO) {
            return source.layerBitrate(fixedLayer);
        }
        long cost = selector.choose(source, budgetBps, climbBudgetBps, pinned, nowNanos);
        wantedTemporal = selector.temporal();
        int chosen = selector.spatial();
        if (chosen != wantedSpatial) {
            wantedSpatial = chosen;
            requestKeyframe();
        }
        return cost;
    }

    /** The viewer pins a spatial layer, or returns to the estimate's choice with {@link #AUTO}. Any thread. */
    public void pin(int layer) {
        if (fixedLayer == AUTO) {
            pinned = layer;
        }
    }

    /**
     * A keyframe of the layer the subscriber needs (the chosen one, which is the one it receives
     * unless a switch waits for it). Any thread.
     */
    void requestKeyframe() {
        Producer layer = source.layer(wantedSpatial);
        if (layer != null && publisher != null) {
            publisher.requestKeyframe(layer);
        }
    }

    /**
     * For a consumer of one layer ({@link #ofLayer}): holds its packets back while the relay's node does not need
     * the layer (nor does the publisher have to send it for this consumer), and goes on from the layer's next
     * keyframe, asked for at once, when it needs it again. Any thread.
     */
    public void holdBack(boolean held) {
        if (fixedLayer == AUTO || heldBack == held) {
            return;
        }
        heldBack = held;
        if (!held) {
            requestKeyframe();
        }
    }

    /** Whether a switch waits for a keyframe of the chosen layer; any thread. */
    boolean switchPending() {
        return source.simulcast() && !heldBack && wantedSpatial != currentSpatial;
    }

    /** Layers this consumer receives or waits for, one bit each: the publisher keeps sending them. Any thread. */
    int layersInUse() {
        if (heldBack) {
            return 0;
        }
        int current = currentSpatial;
        return (1 << wantedSpatial) | (current >= 0 ? 1 << current : 0);
    }

    /** Whether this consumer forwards one layer whatever the estimate: a relay's ({@link #ofLayer}), not a viewer's. */
    boolean forwardsOneLayer() {
        return fixedLayer != AUTO;
    }

    /** The spatial layer being forwarded, -1 before the first packet; any thread. */
    public int currentLayer() {
        return currentSpatial;
    }

    /** Layer switches so far (not counting the first layer); any thread. */
    public long switches() {
        return switches;
    }

    /**
     * A sender report for the subscriber, mapping our clock to the outgoing RTP timeline as the
     * publisher's own last report for the forwarded layer did (shifted as its packets are), so the
     * viewer can keep audio and video in sync. Nothing before that layer has reported or anything
     * was sent. On the consumer's loop.
     */
    void sendSenderReport(MediaLoop loop, long nowNanos) {
        SrtpSession session = sendStage.session();
        InetSocketAddress to = subscriber.remote();
        Producer layer = source.layer(projection.layer());
        ReceivedSenderReport report = layer == null ? null : layer.lastSenderReport();
        if (session == null || closed || to == null || packetsSent == 0 || report == null || !report.received()) {
            return;
        }
        PacketBuffer out = loop.buffers().acquire();
        try {
            RtcpCompoundWriter writer = loop.rtcpWriter();
            writer.begin(out.array(), 0);
            long ntp = loop.ntp().ntpAt(nowNanos);
            long rtp = (report.rtpTimestampAt(ntp, layer.clockRate()) + projection.timestampDelta())
                    & 0xFFFF_FFFFL;
            writer.senderReport(projection.ssrc(), ntp, rtp, packetsSent, payloadBytesSent, 0);
            writer.sdesCname(projection.ssrc(), layer.cname());
            int length = writer.finish();
            if (length < 0) {
                return;
            }
            SrtpPacket view = loop.srtp().wrap(out.array(), 0, length);
            if (session.protectRtcp(view) == SrtpStatus.OK) {
                loop.send(out.array(), 0, view.getLength(), to);
            }
        } finally {
            loop.buffers().release(out);
        }
    }

    /** On the consumer's loop: stops sending and wipes the keys. */
    void close() {
        closed = true;
        sendStage.close();
    }
}

package io.livestage.sfu.transport;

import io.livestage.sfu.cc.DeliveryStatistics;
import io.livestage.sfu.cc.TransportWideSender;
import io.livestage.sfu.dtls.DtlsRole;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.rtcp.GenericNack;
import io.livestage.sfu.rtcp.ReceptionQuality;
import io.livestage.sfu.rtcp.RtcpReportPacket;
import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transport's role as a subscriber: the consumers that send it publishers' tracks, which live on
 * this transport's loop and join their tracks' fan-out as soon as its DTLS handshake produces
 * keys, and the feedback it sends about them (reception reports, NACKs and probes served here,
 * keyframe requests passed to the publisher's loop). It is also what every consumer sends to: the
 * subscriber's address and its transport-wide numbering.
 */
final class SubscriberSide implements SendTarget {
    private final WebRtcTransport transport;
    private final SfuMetrics metrics;
    private final FanOutStage fanOut;
    private final long subscribedNanos;
    private final TransportWideSender transportWide = new TransportWideSender();
    private final AtomicBoolean firstKeyframeSent = new AtomicBoolean();
    /** Copy-on-write: changed by signaling now and then, read by the RTCP path. */
    private volatile Map<Long, Consumer> consumers = Map.of();
    /** Reception reports about our streams; on the transport's loop only. */
    private final ReceptionQuality quality = new ReceptionQuality();
    private volatile SrtpKeyingMaterial keys;
    private volatile DtlsRole role;

    SubscriberSide(WebRtcTransport transport, SfuMetrics metrics, FanOutStage fanOut, long subscribedNanos) {
        this.transport = transport;
        this.metrics = metrics;
        this.fanOut = fanOut;
        this.subscribedNanos = subscribedNanos;
    }

    @Override
    public InetSocketAddress remote() {
        return transport.remote();
    }

    @Override
    public TransportWideSender transportWide() {
        return transportWide;
    }

    /** The first keyframe sent times the subscriber's wait from its subscription to its first picture. */
    @Override
    public void keyframeSent(long nowNanos) {
        if (!firstKeyframeSent.get() && firstKeyframeSent.compareAndSet(false, true)) {
            metrics.firstFrame(nowNanos - subscribedNanos);
        }
    }

    @Override
    public void layerSwitched() {
        metrics.layerSwitched();
    }

    /** Starts sending the consumer's track; any thread. */
    void attach(Consumer consumer) {
        // The first choice of layer, from the estimate as it stands, before any packet can arrive.
        DeliveryStatistics statistics = transportWide.statistics();
        consumer.allocate(budgetBps(statistics), climbBudgetBps(statistics), System.nanoTime());
        synchronized (this) {
            Map<Long, Consumer> grown = new HashMap<>(consumers);
            grown.put(consumer.ssrc(), consumer);
            consumers = Map.copyOf(grown);
        }
        MediaLoop home = transport.owner();
        if (keys != null && home != null) {
            home.loop().execute(() -> join(home, consumer));
        }
    }

    /** Stops sending the consumer's track; any thread. */
    void detach(Consumer consumer) {
        synchronized (this) {
            Map<Long, Consumer> kept = new HashMap<>(consumers);
            kept.remove(consumer.ssrc(), consumer);
            consumers = Map.copyOf(kept);
        }
        MediaLoop home = transport.owner();
        if (home == null) {
            consumer.close();
            return;
        }
        home.loop().execute(() -> {
            MediaLoop producerLoop = consumer.publisher() == null ? null : consumer.publisher().owner();
            if (consumer.home() != null && producerLoop != null) {
                // Posted from this loop after the join's add, so the publisher's loop removes after it adds.
                producerLoop.loop().execute(() -> consumer.source().removeConsumer(producerLoop, consumer));
            }
            consumer.close();
        });
    }

    void detachAll() {
        for (Consumer consumer : consumers.values()) {
            detach(consumer);
        }
    }

    /** On the owner loop, once our DTLS handshake finished: every consumer joins its track's fan-out. */
    void keyed(MediaLoop home, SrtpKeyingMaterial material, DtlsRole ourRole) {
        role = ourRole;
        keys = material;
        for (Consumer consumer : consumers.values()) {
            join(home, consumer);
        }
    }

    /**
     * On the owner loop: the consumer gets the keys and this loop as its home, then the publisher's
     * loop adds it to the track's fan-out, and a fresh keyframe is asked for. Once per consumer,
     * and never for one detached meanwhile (detaching runs on this loop too).
     */
    private void join(MediaLoop home, Consumer consumer) {
        MediaLoop producerLoop = consumer.publisher() == null ? null : consumer.publisher().owner();
        if (consumer.home() != null || consumers.get(consumer.ssrc()) != consumer || producerLoop == null) {
            return;
        }
        consumer.home(home);
        consumer.key(keys, role);
        producerLoop.loop().execute(() -> consumer.source().addConsumer(consumer));
        consumer.requestKeyframe();
    }

    Collection<Consumer> consumers() {
        return consumers.values();
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    ReceptionQuality quality() {
        return quality;
    }

    /** The subscriber's reception report blocks about the streams we send it. */
    void onReport(RtcpReportPacket report, long arrivalNtp) {
        Map<Long, Consumer> current = consumers;
        for (int i = 0; i < report.reportBlockCount(); i++) {
            if (current.containsKey(report.blockSsrc(i))) {
                quality.onReportBlock(report, i, arrivalNtp);
            }
        }
    }

    /** A NACK: resent here from this loop's caches. Returns how many were asked for. On the owner loop. */
    int onNack(MediaLoop loop, GenericNack nack, int[] scratch) {
        Consumer consumer = consumers.get(nack.mediaSsrc());
        if (consumer == null) {
            return 0;
        }
        int lost = nack.lostSequenceNumbers(scratch);
        fanOut.retransmit(loop, consumer, scratch, Math.min(lost, FanOutStage.MAX_RESENT_PER_NACK), System.nanoTime());
        return lost;
    }

    /**
     * The estimator would like to know whether the path carries more: a probe burst of a video
     * track's packets from this loop's caches. On the owner loop, after feedback.
     */
    void probeIfWanted(MediaLoop loop, long nowNanos) {
        long rateBps = transportWide.probeTargetBps(nowNanos / 1000);
        if (rateBps <= 0) {
            return;
        }
        for (Consumer consumer : consumers.values()) {
            if (consumer.source().kind().equals("video") && consumer.home() == loop) {
                fanOut.probe(loop, consumer, rateBps, nowNanos);
                return;
            }
        }
    }

    /** What the subscriber's tracks may take: its estimate. */
    private static long budgetBps(DeliveryStatistics statistics) {
        return statistics.estimateBps();
    }

    /**
     * What the path was seen to carry: the last successful probe, or half as much again as what
     * arrived lately. An estimate nothing has tested yet (its start value) must not lift a viewer
     * onto a layer its link cannot carry.
     */
    private static long climbBudgetBps(DeliveryStatistics statistics) {
        return Math.max(statistics.probedBps(), statistics.receivedBitrateBps() * 3 / 2);
    }

    /**
     * Shares the estimate among the subscriber's tracks: single-stream tracks (audio, mostly)
     * take what they cost, and each simulcast track in turn chooses its layer from what is left.
     * On the transport's loop, after feedback and every second.
     */
    void allocate(long nowNanos) {
        Collection<Consumer> current = consumers.values();
        DeliveryStatistics statistics = transportWide.statistics();
        long budget = budgetBps(statistics);
        long climbBudget = climbBudgetBps(statistics);
        for (Consumer consumer : current) {
            if (!consumer.source().simulcast()) {
                long cost = consumer.allocate(budget, climbBudget, nowNanos);
                budget -= cost;
                climbBudget -= cost;
            }
        }
        for (Consumer consumer : current) {
            if (consumer.source().simulcast()) {
                long cost = consumer.allocate(Math.max(0, budget), Math.max(0, climbBudget), nowNanos);
                budget -= cost;
                climbBudget -= cost;
            }
        }
    }

    /** A PLI or FIR entry: the publisher is asked for a keyframe, throttled there. */
    boolean onKeyframeRequest(long mediaSsrc) {
        Consumer consumer = consumers.get(mediaSsrc);
        if (consumer == null) {
            return false;
        }
        consumer.requestKeyframe();
        return true;
    }
}

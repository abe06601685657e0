package io.livestage.sfu.metrics;

import io.livestage.sfu.cc.DeliveryStatistics;
import io.livestage.sfu.dtls.DtlsFailure;
import io.livestage.sfu.ice.StunRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The media plane's meters. Every counter is created up front, so the packet path only
 * increments (a striped adder: no allocation, no lock).
 */
public final class SfuMetrics implements MeterBinder {
    private static final String[] LAYER_NAMES = {"low", "medium", "high"};
    /** What a transport is doing, for the by-state gauge. */
    public enum TransportPhase { WAITING_FOR_ICE, HANDSHAKING, CONNECTED }

    /** Which way a transport's media flows. */
    public enum TransportRole { PUBLISHER, SUBSCRIBER }

    /** Counts live transports of a role in a phase. */
    @FunctionalInterface
    public interface TransportCounter {
        int count(TransportRole role, TransportPhase phase);
    }

    private final TransportCounter transportsIn;
    private final Map<StunRejection, Counter> iceFailures = new EnumMap<>(StunRejection.class);
    private final Map<DtlsFailure, Counter> dtlsFailures = new EnumMap<>(DtlsFailure.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private final Map<TransportRole, Counter> iceRestarts = new EnumMap<>(TransportRole.class);
    private final Map<TransportRole, Counter> iceRestartsCompleted = new EnumMap<>(TransportRole.class);
    private Counter consentExpired;
    private Counter consentChecksSent;
    private Counter consentChecksAnswered;
    private Counter consentChecksUnanswered;
    private Counter rtpPackets;
    private Counter rtpBytes;
    private Counter rtcpPackets;
    private Counter stunPackets;
    private Counter dtlsPackets;
    private Counter keyframes;
    private Counter keyframeRequests;
    private Counter keyframesWanted;
    private Timer handshakes;
    private Counter packetsOut;
    private Counter bytesOut;
    private Timer forwarding;
    private Counter nacksReceived;
    private Counter nacksServed;
    private Counter nacksMissed;
    private DistributionSummary subscriberLoss;
    private Timer subscriberRtt;
    private DistributionSummary trackLoss;
    private DistributionSummary trackJitter;
    private Counter transportCcFeedbackSent;
    private DistributionSummary publisherBitrate;
    private Timer firstFrame;
    private Counter deliveryFeedback;
    private DistributionSummary deliveryLoss;
    private DistributionSummary deliveryDelayTrend;
    private DistributionSummary deliveryBitrate;
    private DistributionSummary deliveryEstimate;
    private Counter probePackets;
    private final Counter[] subscriberLayerSeconds = new Counter[3];
    private final Counter[] publisherLayerSeconds = new Counter[3];
    private Counter layerSwitches;
    private Counter layersPaused;
    private Counter layersResumed;

    public SfuMetrics(TransportCounter transportsIn) {
        this.transportsIn = transportsIn;
        bindTo(new SimpleMeterRegistry());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TransportRole role : TransportRole.values()) {
            for (TransportPhase phase : TransportPhase.values()) {
                Gauge.builder("livestage.sfu.transports", () -> transportsIn.count(role, phase))
                        .tag("role", role.name().toLowerCase()).tag("state", phase.name().toLowerCase())
                        .description("WebRTC transports by role and state").register(registry);
            }
        }
        for (StunRejection reason : StunRejection.values()) {
            iceFailures.put(reason, Counter.builder("livestage.sfu.ice.failures").tag("reason", reason.name().toLowerCase())
                    .description("STUN checks refused, by reason").register(registry));
        }
        for (DtlsFailure reason : DtlsFailure.values()) {
            dtlsFailures.put(reason, Counter.builder("livestage.sfu.dtls.failures").tag("reason", reason.name().toLowerCase())
                    .description("DTLS handshakes failed, by reason").register(registry));
        }
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, Counter.builder("livestage.sfu.packets.dropped").tag("reason", reason.label())
                    .description("Datagrams dropped on the media port, by reason").register(registry));
        }
        for (TransportRole role : TransportRole.values()) {
            String tag = role.name().toLowerCase();
            iceRestarts.put(role, Counter.builder("livestage.sfu.ice.restarts").tag("role", tag)
                    .description("ICE restarts begun (our credentials rotated), by transport role").register(registry));
            iceRestartsCompleted.put(role, Counter.builder("livestage.sfu.ice.restarts.completed").tag("role", tag)
                    .description("ICE restarts whose new credentials passed a nominated check, by transport role")
                    .register(registry));
        }
        consentExpired = Counter.builder("livestage.sfu.consent.expired")
                .description("Transports closed because the peer stopped its ICE checks").register(registry);
        String consentChecks = "Our own ICE checks asking a peer's new address for its consent before media goes"
                + " there: requests sent (retransmissions included), checks answered, checks given up unanswered";
        consentChecksSent = Counter.builder("livestage.sfu.consent.checks").tag("outcome", "sent")
                .description(consentChecks).register(registry);
        consentChecksAnswered = Counter.builder("livestage.sfu.consent.checks").tag("outcome", "answered")
                .description(consentChecks).register(registry);
        consentChecksUnanswered = Counter.builder("livestage.sfu.consent.checks").tag("outcome", "unanswered")
                .description(consentChecks).register(registry);
        rtpPackets = packetsIn(registry, "rtp");
        rtcpPackets = packetsIn(registry, "rtcp");
        stunPackets = packetsIn(registry, "stun");
        dtlsPackets = packetsIn(registry, "dtls");
        rtpBytes = Counter.builder("livestage.sfu.bytes.in").baseUnit("bytes").tag("kind", "rtp")
                .description("Decrypted RTP bytes received from publishers").register(registry);
        keyframes = Counter.builder("livestage.sfu.keyframes.in").description("Video keyframes received").register(registry);
        keyframeRequests = Counter.builder("livestage.sfu.keyframe.requests")
                .description("Keyframe requests (PLI) sent to publishers").register(registry);
        keyframesWanted = Counter.builder("livestage.sfu.keyframe.wanted")
                .description("PLI and FIR entries received from subscribers").register(registry);
        // Latencies are Prometheus histograms (buckets, not client-side percentiles): they aggregate across nodes.
        handshakes = Timer.builder("livestage.sfu.dtls.handshake").description("DTLS handshake time")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)).register(registry);
        packetsOut = Counter.builder("livestage.sfu.packets.forwarded")
                .description("RTP packets sent to subscribers (one per subscriber per packet)").register(registry);
        bytesOut = Counter.builder("livestage.sfu.bytes.out").baseUnit("bytes")
                .description("RTP bytes sent to subscribers, before SRTP").register(registry);
        // Recorded for every forwarded packet: count, sum and max only. Client-side percentiles would
        // update rotating histograms per packet, which cost a 1:1 call a few percent of its CPU.
        forwarding = Timer.builder("livestage.sfu.forwarding")
                .description("Time to fan one incoming packet out to all its subscribers").register(registry);
        nacksReceived = Counter.builder("livestage.sfu.nack.requested")
                .description("Packets subscribers asked to be resent (NACK)").register(registry);
        nacksServed = Counter.builder("livestage.sfu.nack.served")
                .description("Packets resent from the retransmission cache").register(registry);
        nacksMissed = Counter.builder("livestage.sfu.nack.missed")
                .description("NACKed packets no longer cached, or resent just before").register(registry);
        subscriberLoss = DistributionSummary.builder("livestage.sfu.subscriber.loss.ratio")
                .description("Per subscriber: smoothed fraction lost from its receiver reports, sampled every second")
                .publishPercentiles(0.5, 0.99).register(registry);
        subscriberRtt = Timer.builder("livestage.sfu.subscriber.rtt")
                .description("Per subscriber: smoothed round-trip time from its receiver reports, sampled every second")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                        Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(250), Duration.ofMillis(400),
                        Duration.ofMillis(600), Duration.ofSeconds(1), Duration.ofSeconds(2)).register(registry);
        trackLoss = DistributionSummary.builder("livestage.sfu.track.loss.ratio")
                .description("Per incoming track: fraction of packets lost, sampled every few seconds")
                .publishPercentiles(0.5, 0.99).register(registry);
        trackJitter = DistributionSummary.builder("livestage.sfu.track.jitter").baseUnit("seconds")
                .description("Per incoming track: interarrival jitter, sampled every few seconds")
                .publishPercentiles(0.5, 0.99).register(registry);
        bindCongestionControl(registry);
    }

    /** Congestion control both ways: what publishers send us and get back, what subscribers' feedback says. */
    private void bindCongestionControl(MeterRegistry registry) {
        transportCcFeedbackSent = Counter.builder("livestage.sfu.transport.cc.feedback.sent")
                .description("Transport-wide congestion control feedback packets sent to publishers").register(registry);
        publisherBitrate = DistributionSummary.builder("livestage.sfu.publisher.bitrate").baseUnit("bits.per.second")
                .description("Per publisher: what it sends us (all its RTP streams), sampled every second")
                .publishPercentiles(0.5, 0.99).register(registry);
        // A Prometheus histogram (buckets, not client-side percentiles), so it aggregates across nodes.
        firstFrame = Timer.builder("livestage.sfu.subscriber.first.frame")
                .description("From media.subscribe to the first keyframe packet sent to the subscriber")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                        Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(1500),
                        Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
        deliveryFeedback = Counter.builder("livestage.sfu.subscriber.feedback")
                .description("Transport-wide feedback packets received from subscribers").register(registry);
        deliveryLoss = DistributionSummary.builder("livestage.sfu.subscriber.delivery.loss.ratio")
                .description("Per subscriber: smoothed fraction of our packets its transport-wide feedback reports lost,"
                        + " sampled every second").publishPercentiles(0.5, 0.99).register(registry);
        deliveryDelayTrend = DistributionSummary.builder("livestage.sfu.subscriber.delivery.delay.trend")
                .description("Per subscriber: slope of one-way delay variation from its feedback (above 0: queues"
                        + " building), sampled every second").publishPercentiles(0.5, 0.99).register(registry);
        deliveryBitrate = DistributionSummary.builder("livestage.sfu.subscriber.delivery.bitrate")
                .baseUnit("bits.per.second")
                .description("Per subscriber: what its feedback says arrived, sampled every second")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (int layer = 0; layer < 3; layer++) {
            String name = LAYER_NAMES[layer];
            subscriberLayerSeconds[layer] = Counter.builder("livestage.sfu.subscriber.layer.seconds").tag("layer", name)
                    .description("Seconds subscribers spent receiving each simulcast layer (its rate is how many"
                            + " viewers receive it)").register(registry);
            publisherLayerSeconds[layer] = Counter.builder("livestage.sfu.publisher.layer.seconds").tag("layer", name)
                    .description("Seconds simulcast publishers were asked to send each layer (its rate is how many"
                            + " send it)").register(registry);
        }
        layerSwitches = Counter.builder("livestage.sfu.subscriber.layer.switches")
                .description("Simulcast layer switches made for subscribers (on the new layer's keyframe)").register(registry);
        layersPaused = Counter.builder("livestage.sfu.publisher.layer.changes").tag("change", "pause")
                .description("Simulcast layers publishers were told to pause or resume").register(registry);
        layersResumed = Counter.builder("livestage.sfu.publisher.layer.changes").tag("change", "resume")
                .description("Simulcast layers publishers were told to pause or resume").register(registry);
        probePackets = Counter.builder("livestage.sfu.subscriber.probe.packets")
                .description("Packets sent again on subscribers' RTX streams to probe for more bandwidth").register(registry);
        deliveryEstimate = DistributionSummary.builder("livestage.sfu.subscriber.estimate").baseUnit("bits.per.second")
                .description("Per subscriber: the bandwidth we estimate we may send it (delay- and loss-based, from its"
                        + " feedback), sampled every second").publishPercentiles(0.5, 0.99).register(registry);
    }

    private static Counter packetsIn(MeterRegistry registry, String kind) {
        return Counter.builder("livestage.sfu.packets.in").tag("kind", kind)
                .description("Datagrams received and accepted on the media port, by kind").register(registry);
    }

    public void iceFailure(StunRejection reason) {
        iceFailures.get(reason).increment();
    }

    public void dtlsFailure(DtlsFailure reason) {
        dtlsFailures.get(reason).increment();
    }

    public void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    public void iceRestart(TransportRole role) {
        iceRestarts.get(role).increment();
    }

    public void iceRestartCompleted(TransportRole role) {
        iceRestartsCompleted.get(role).increment();
    }

    public void consentExpired() {
        consentExpired.increment();
    }

    public void consentCheckSent() {
        consentChecksSent.increment();
    }

    public void consentCheckAnswered() {
        consentChecksAnswered.increment();
    }

    public void consentCheckUnanswered() {
        consentChecksUnanswered.increment();
    }

    public void stunIn() {
        stunPackets.increment();
    }

    public void dtlsIn() {
        dtlsPackets.increment();
    }

    public void rtpIn(int bytes) {
        rtpPackets.increment();
        rtpBytes.increment(bytes);
    }

    public void rtcpIn() {
        rtcpPackets.increment();
    }

    public void keyframe() {
        keyframes.increment();
    }

    public void keyframeRequested() {
        keyframeRequests.increment();
    }

    public void keyframeWanted() {
        keyframesWanted.increment();
    }

    public void forwarded(int packets, long bytes, long nanos) {
        packetsOut.increment(packets);
        bytesOut.increment(bytes);
        forwarding.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void nacksReceived(int packets) {
        if (packets > 0) {
            nacksReceived.increment(packets);
        }
    }

    public void nacksServed(int served, int missed) {
        nacksServed.increment(served);
        nacksMissed.increment(missed);
    }

    public void subscriberSample(double lossRatio, long rttNanos) {
        subscriberLoss.record(lossRatio);
        if (rttNanos >= 0) {
            subscriberRtt.record(rttNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void handshake(long nanos) {
        handshakes.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void trackSample(double lossRatio, double jitterSeconds) {
        trackLoss.record(lossRatio);
        trackJitter.record(jitterSeconds);
    }

    public void transportCcFeedbackSent() {
        transportCcFeedbackSent.increment();
    }

    public void publisherBitrate(double bitsPerSecond) {
        publisherBitrate.record(bitsPerSecond);
    }

    public void probeSent(int packets) {
        probePackets.increment(packets);
    }

    /**
     * A second of one subscriber receiving a simulcast track in spatial layer {@code layer} of
     * {@code count} (named as the protocol names it: low, medium, high).
     */
    public void subscriberLayer(int layer, int count) {
        if (layer >= 0) {
            subscriberLayerSeconds[layerIndex(layer, count)].increment();
        }
    }

    public void layerSwitched() {
        layerSwitches.increment();
    }

    /** A second of one simulcast publisher asked to send the layers in {@code activeLayers} (a bit each). */
    public void publisherLayers(int activeLayers, int count) {
        for (int layer = 0; layer < count; layer++) {
            if ((activeLayers & (1 << layer)) != 0) {
                publisherLayerSeconds[layerIndex(layer, count)].increment();
            }
        }
    }

    /** A publisher was told to send other layers: how many it pauses and resumes. */
    public void layersChanged(int paused, int resumed) {
        layersPaused.increment(paused);
        layersResumed.increment(resumed);
    }

    /** low, medium, high: with two layers the upper is high. */
    private static int layerIndex(int layer, int count) {
        return layer >= count - 1 && count > 1 ? 2 : Math.min(layer, 1);
    }

    public void subscriberFeedback() {
        deliveryFeedback.increment();
    }

    public void firstFrame(long nanos) {
        firstFrame.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One subscriber's delivery statistics, sampled once a second; nothing before its first feedback. */
    public void delivery(DeliveryStatistics statistics) {
        if (statistics.feedbackPackets() == 0) {
            return;
        }
        deliveryLoss.record(statistics.lossRatio());
        deliveryDelayTrend.record(statistics.delayTrend());
        deliveryBitrate.record(statistics.receivedBitrateBps());
        deliveryEstimate.record(statistics.estimateBps());
    }
}

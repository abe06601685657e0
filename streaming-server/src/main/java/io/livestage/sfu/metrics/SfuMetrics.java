package io.livestage.sfu.metrics;

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
import java.util.function.ToIntFunction;

/**
 * The media plane's meters. Every counter is created up front, so the packet path only
 * increments (a striped adder: no allocation, no lock).
 */
public final class SfuMetrics implements MeterBinder {
    /** What a transport is doing, for the by-state gauge. */
    public enum TransportPhase { WAITING_FOR_ICE, HANDSHAKING, CONNECTED }

    private final ToIntFunction<TransportPhase> transportsIn;
    private final Map<StunRejection, Counter> iceFailures = new EnumMap<>(StunRejection.class);
    private final Map<DtlsFailure, Counter> dtlsFailures = new EnumMap<>(DtlsFailure.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private Counter consentExpired;
    private Counter rtpPackets;
    private Counter rtpBytes;
    private Counter rtcpPackets;
    private Counter stunPackets;
    private Counter dtlsPackets;
    private Counter keyframes;
    private Counter keyframeRequests;
    private Counter keyframesWanted;
    private Timer handshakes;
    private DistributionSummary trackLoss;
    private DistributionSummary trackJitter;

    public SfuMetrics(ToIntFunction<TransportPhase> transportsIn) {
        this.transportsIn = transportsIn;
        bindTo(new SimpleMeterRegistry());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TransportPhase phase : TransportPhase.values()) {
            Gauge.builder("livestage.sfu.transports", () -> transportsIn.applyAsInt(phase))
                    .tag("state", phase.name().toLowerCase()).description("WebRTC transports by state").register(registry);
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
        consentExpired = Counter.builder("livestage.sfu.consent.expired")
                .description("Transports closed because the peer stopped its ICE checks").register(registry);
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
        handshakes = Timer.builder("livestage.sfu.dtls.handshake").description("DTLS handshake time")
                .publishPercentiles(0.5, 0.99).minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        trackLoss = DistributionSummary.builder("livestage.sfu.track.loss.ratio")
                .description("Per incoming track: fraction of packets lost, sampled every few seconds")
                .publishPercentiles(0.5, 0.99).register(registry);
        trackJitter = DistributionSummary.builder("livestage.sfu.track.jitter").baseUnit("seconds")
                .description("Per incoming track: interarrival jitter, sampled every few seconds")
                .publishPercentiles(0.5, 0.99).register(registry);
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

    public void consentExpired() {
        consentExpired.increment();
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

    public void handshake(long nanos) {
        handshakes.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void trackSample(double lossRatio, double jitterSeconds) {
        trackLoss.record(lossRatio);
        trackJitter.record(jitterSeconds);
    }
}

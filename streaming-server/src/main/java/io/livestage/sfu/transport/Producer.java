package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.rtp.H264Payload;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.udp.MediaLoop;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One incoming track of a publisher (one media SSRC): receive statistics, keyframes seen, and
 * later its consumers. Used only on its transport's event loop.
 */
public final class Producer {
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];

    private final TrackDescription description;
    private final String kind;
    private final long ssrc;
    private final Map<Integer, RtpCodec> codecs = new HashMap<>();
    /** Replaced, never mutated, so the fan-out loop needs no guard against concurrent change. */
    private Consumer[] consumers = NO_CONSUMERS;
    private final RtpReceiveStats stats = new RtpReceiveStats();
    private final long createdNanos = System.nanoTime();
    private RtpCodec lastCodec;
    private long keyframes;
    private long lastKeyframeTimestamp = -1;
    private long decryptFailures;
    private long retransmissions;
    private long lastKeyframeRequestNanos = Long.MIN_VALUE;

    Producer(TrackDescription description) {
        this.description = description;
        this.kind = description.kind();
        this.ssrc = description.ssrc();
        for (RtpCodec codec : description.codecs()) {
            this.codecs.put(codec.payloadType(), codec);
        }
    }

    public TrackDescription description() {
        return description;
    }

    public long ssrc() {
        return ssrc;
    }

    public String kind() {
        return kind;
    }

    /** What a packet was to its track. */
    enum Verdict { UNKNOWN_PAYLOAD_TYPE, ACCEPTED, NEW_KEYFRAME }

    /** A decrypted media packet of this track. */
    Verdict onPacket(RtpPacket packet, long nowNanos) {
        RtpCodec codec = codecs.get(packet.payloadType());
        if (codec == null) {
            return Verdict.UNKNOWN_PAYLOAD_TYPE;
        }
        lastCodec = codec;
        // Arrival in the codec's clock units since the track began, for RFC 3550 jitter.
        long arrival = (nowNanos - createdNanos) / 1000 * codec.clockRate() / 1_000_000;
        stats.onPacket(packet, arrival);
        if (isKeyframe(codec, packet) && packet.timestamp() != lastKeyframeTimestamp) {
            lastKeyframeTimestamp = packet.timestamp();
            keyframes++;
            return Verdict.NEW_KEYFRAME;
        }
        return Verdict.ACCEPTED;
    }

    /** Sends a decrypted packet on to every ready consumer; the caller flushes the loop's socket. */
    void forward(MediaLoop loop, RtpPacket packet) {
        Consumer[] targets = consumers;
        for (Consumer consumer : targets) {
            consumer.send(loop, packet);
        }
    }

    boolean hasConsumers() {
        return consumers.length > 0;
    }

    /** On the owner loop. */
    void addConsumer(Consumer consumer) {
        Consumer[] grown = Arrays.copyOf(consumers, consumers.length + 1);
        grown[consumers.length] = consumer;
        consumers = grown;
    }

    /** On the owner loop. */
    void removeConsumer(Consumer consumer) {
        Consumer[] kept = new Consumer[consumers.length];
        int count = 0;
        for (Consumer existing : consumers) {
            if (existing != consumer) {
                kept[count++] = existing;
            }
        }
        consumers = count == 0 ? NO_CONSUMERS : Arrays.copyOf(kept, count);
    }

    /** On the owner loop, when the track ends: every consumer stops and forgets its keys. */
    void closeConsumers() {
        for (Consumer consumer : consumers) {
            consumer.close();
        }
        consumers = NO_CONSUMERS;
    }

    /** A video track that has not yet delivered a keyframe cannot be decoded by anyone. */
    boolean needsKeyframe() {
        return kind.equals("video") && keyframes == 0;
    }

    /** Rate-limits keyframe requests for this track; true when one may be sent now. */
    boolean mayRequestKeyframe(long nowNanos, long intervalNanos) {
        if (lastKeyframeRequestNanos != Long.MIN_VALUE && nowNanos - lastKeyframeRequestNanos < intervalNanos) {
            return false;
        }
        lastKeyframeRequestNanos = nowNanos;
        return true;
    }

    void onRetransmission() {
        retransmissions++;
    }

    void onDecryptFailure() {
        decryptFailures++;
    }

    double lossRatio() {
        long expected = stats.expected();
        return expected <= 0 ? 0 : Math.max(0, stats.cumulativeLost()) / (double) expected;
    }

    double jitterSeconds() {
        return lastCodec == null ? 0 : stats.jitter() / (double) lastCodec.clockRate();
    }

    TrackStats snapshot(String userId) {
        return new TrackStats(userId, kind, ssrc, lastCodec == null ? null : lastCodec.name(), stats.packets(),
                stats.bytes(), stats.cumulativeLost(), jitterSeconds() * 1000, keyframes, decryptFailures, retransmissions);
    }

    private static boolean isKeyframe(RtpCodec codec, RtpPacket packet) {
        String name = codec.name();
        if (name.equalsIgnoreCase("VP8")) {
            return Vp8Payload.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        }
        if (name.equalsIgnoreCase("H264")) {
            return H264Payload.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        }
        return false;
    }
}

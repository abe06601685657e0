package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.rtp.H264Payload;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.sdp.RtpCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One incoming track of a publisher (one media SSRC): receive statistics, keyframes seen, and
 * later its consumers. Used only on its transport's event loop.
 */
public final class Producer {
    private final String kind;
    private final long ssrc;
    private final Map<Integer, RtpCodec> codecs = new HashMap<>();
    private final RtpReceiveStats stats = new RtpReceiveStats();
    private final long createdNanos = System.nanoTime();
    private RtpCodec lastCodec;
    private long keyframes;
    private long lastKeyframeTimestamp = -1;
    private long decryptFailures;
    private long retransmissions;
    private long lastKeyframeRequestNanos = Long.MIN_VALUE;

    Producer(String kind, long ssrc, List<RtpCodec> codecs) {
        this.kind = kind;
        this.ssrc = ssrc;
        for (RtpCodec codec : codecs) {
            this.codecs.put(codec.payloadType(), codec);
        }
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

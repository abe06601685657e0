package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.rtcp.KeyframeRequestThrottle;
import io.livestage.sfu.rtcp.ReceivedSenderReport;
import io.livestage.sfu.rtp.H264Payload;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RetransmissionCache;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.udp.MediaLoop;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One incoming track of a publisher (one media SSRC): receive statistics, keyframes, the last
 * sender report, a short retransmission cache while anyone watches, and its consumers. Used
 * only on its transport's event loop.
 */
public final class Producer {
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];
    /** The video bitrate a retransmission cache is sized for when the track's own is not known yet. */
    private static final long ASSUMED_VIDEO_BITS_PER_SECOND = 2_500_000;

    private final TrackDescription description;
    private final String kind;
    private final long ssrc;
    private final byte[] cname;
    private final Map<Integer, RtpCodec> codecs = new HashMap<>();
    private final RtpReceiveStats stats = new RtpReceiveStats();
    private final ReceivedSenderReport senderReport = new ReceivedSenderReport();
    private final KeyframeRequestThrottle keyframeRequests = new KeyframeRequestThrottle();
    private final long createdNanos = System.nanoTime();
    /** Replaced, never mutated, so the fan-out loop needs no guard against concurrent change. */
    private Consumer[] consumers = NO_CONSUMERS;
    /** Only while someone watches: media is kept no longer than a retransmission may need it. */
    private RetransmissionCache cache;
    /** The newest packet in the cache, or -1 before the first. */
    private int lastKeptSequence = -1;
    private RtpCodec lastCodec;
    private long keyframes;
    private long lastKeyframeTimestamp = -1;
    private long decryptFailures;
    private long retransmissions;

    public Producer(TrackDescription description) {
        this.description = description;
        this.kind = description.kind();
        this.ssrc = description.ssrc();
        this.cname = (description.cname() == null ? "livestage" : description.cname()).getBytes(StandardCharsets.UTF_8);
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

    byte[] cname() {
        return cname;
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
            keyframeRequests.onKeyframe();
            return Verdict.NEW_KEYFRAME;
        }
        return Verdict.ACCEPTED;
    }

    /** Keeps a copy of a packet that consumers get, for their retransmission requests. */
    void keep(MediaLoop loop, RtpPacket packet, long nowNanos) {
        lastKeptSequence = packet.sequenceNumber();
        if (cache == null) {
            boolean video = kind.equals("video");
            cache = new RetransmissionCache(loop.buffers(),
                    RetransmissionCache.capacityFor(video, video ? ASSUMED_VIDEO_BITS_PER_SECOND : 64_000),
                    RetransmissionCache.DEFAULT_MAX_AGE_NANOS);
        }
        cache.store(packet, nowNanos);
    }

    /** The sequence number of the newest packet kept for retransmissions, or -1 before any. */
    int lastKeptSequence() {
        return cache == null ? -1 : lastKeptSequence;
    }

    /** The packet with this sequence number if it is still in the cache; the cache keeps owning it. */
    PacketBuffer cached(int sequenceNumber, long nowNanos) {
        return cache == null ? null : cache.lookup(sequenceNumber, nowNanos);
    }

    Consumer[] consumers() {
        return consumers;
    }

    /** Sends the track to one more subscriber; on the owner loop. */
    public void addConsumer(Consumer consumer) {
        Consumer[] grown = Arrays.copyOf(consumers, consumers.length + 1);
        grown[consumers.length] = consumer;
        consumers = grown;
    }

    /** On the owner loop; the last consumer leaving frees the retransmission cache. */
    void removeConsumer(Consumer consumer) {
        Consumer[] kept = new Consumer[consumers.length];
        int count = 0;
        for (Consumer existing : consumers) {
            if (existing != consumer) {
                kept[count++] = existing;
            }
        }
        consumers = count == 0 ? NO_CONSUMERS : Arrays.copyOf(kept, count);
        if (count == 0) {
            freeCache();
        }
    }

    /** On the owner loop, when the track ends: consumers stop and forget their keys, stored media is freed. */
    void end() {
        for (Consumer consumer : consumers) {
            consumer.close();
        }
        consumers = NO_CONSUMERS;
        freeCache();
    }

    private void freeCache() {
        if (cache != null) {
            cache.clear();
            cache = null;
        }
    }

    ReceivedSenderReport senderReport() {
        return senderReport;
    }

    RtpReceiveStats stats() {
        return stats;
    }

    /** The clock rate of the track's codec (of its latest packet, or its first negotiated one). */
    int clockRate() {
        return lastCodec != null ? lastCodec.clockRate() : description.codecs().get(0).clockRate();
    }

    /** A video track that has not yet delivered a keyframe cannot be decoded by anyone. */
    boolean needsKeyframe() {
        return kind.equals("video") && keyframes == 0;
    }

    /** Someone needs a keyframe: true when a request may go upstream now (else it waits its turn). */
    boolean keyframeWanted(long nowNanos) {
        return keyframeRequests.onRequest(nowNanos);
    }

    /** True when a request that had to wait may now go upstream. */
    boolean keyframeRequestDue(long nowNanos) {
        return keyframeRequests.poll(nowNanos);
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

    public TrackStats snapshot(String userId) {
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

package io.livestage.sfu.transport;

import io.livestage.sfu.TrackStats;
import io.livestage.sfu.rtcp.KeyframeRequestThrottle;
import io.livestage.sfu.rtcp.ReceivedSenderReport;
import io.livestage.sfu.rtcp.SenderReport;
import io.livestage.sfu.rtp.H264Payload;
import io.livestage.sfu.rtp.PacketBuffer;
import io.livestage.sfu.rtp.RetransmissionCache;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.RtpReceiveStats;
import io.livestage.sfu.rtp.Vp8Payload;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.udp.MediaLoop;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One incoming stream of a publisher (one media SSRC: a track, or one simulcast layer of it):
 * receive statistics, keyframes, the last sender report and a short retransmission cache while
 * anyone watches its {@link MediaSource}. Used only on its transport's event loop, except the
 * once-a-second samples marked for any thread.
 */
public final class Producer {
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
    private final MediaSource source;
    private final int layer;
    /**
     * One cache per media loop, each touched by its own loop only: the packets that loop forwarded,
     * kept while it serves consumers of the track, so its NACKs and probes are answered there.
     */
    private final RetransmissionCache[] caches = new RetransmissionCache[MediaLoop.MAX_LOOPS];
    /** A copy of the last sender report for consumers on other loops, replaced (never changed) per report. */
    private volatile ReceivedSenderReport publishedSenderReport = new ReceivedSenderReport();
    private RtpCodec lastCodec;
    private boolean vp8;
    /** Whether the latest packet's codec is H.264; with {@link #vp8}, read per packet instead of comparing names. */
    private boolean h264;
    private long keyframes;
    private long lastKeyframeTimestamp = -1;
    private long decryptFailures;
    private long retransmissions;
    private long bytesAtLastSample;
    private long packetsAtLastSample;
    private long lastSampleNanos;
    private boolean sampled;
    /** Sampled once a second for subscribers' layer choices, hence volatile. */
    private volatile long bitrateBps;
    private volatile long knownBitrateBps;
    private volatile boolean flowing;

    /** A stream that is a whole track: its own source of one layer. */
    public Producer(TrackDescription description) {
        this(description, null, 0);
    }

    /** Layer {@code layer} of a simulcast track. */
    Producer(TrackDescription description, MediaSource source, int layer) {
        this.description = description;
        this.source = source != null ? source : new MediaSource(description, List.of());
        this.layer = layer;
        if (source == null) {
            this.source.setLayer(0, this);
        }
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

    /** The track this stream is (a layer of). */
    public MediaSource source() {
        return source;
    }

    /** Its simulcast layer, 0 (lowest) for a track of one stream. */
    int layer() {
        return layer;
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
        if (codec != lastCodec) {
            lastCodec = codec;
            vp8 = codec.name().equalsIgnoreCase("VP8");
            h264 = codec.name().equalsIgnoreCase("H264");
        }
        // Arrival in the codec's clock units since the track began, for RFC 3550 jitter.
        long arrival = (nowNanos - createdNanos) / 1000 * codec.clockRate() / 1_000_000;
        stats.onPacket(packet, arrival);
        if (isKeyframe(packet) && packet.timestamp() != lastKeyframeTimestamp) {
            lastKeyframeTimestamp = packet.timestamp();
            keyframes++;
            keyframeRequests.onKeyframe();
            return Verdict.NEW_KEYFRAME;
        }
        return Verdict.ACCEPTED;
    }

    /** Keeps a copy of a packet the loop's consumers get, for their retransmission requests. On {@code loop}. */
    void keep(MediaLoop loop, RtpPacket packet, long nowNanos) {
        RetransmissionCache cache = caches[loop.index()];
        if (cache == null) {
            boolean video = kind.equals("video");
            cache = new RetransmissionCache(loop.buffers(),
                    RetransmissionCache.capacityFor(video, video ? ASSUMED_VIDEO_BITS_PER_SECOND : 64_000),
                    RetransmissionCache.DEFAULT_MAX_AGE_NANOS);
            caches[loop.index()] = cache;
        }
        cache.store(packet, nowNanos);
    }

    /** The packet with this sequence number if the loop's cache still holds it; the cache keeps owning it. On {@code loop}. */
    PacketBuffer cached(MediaLoop loop, int sequenceNumber, long nowNanos) {
        RetransmissionCache cache = caches[loop.index()];
        return cache == null ? null : cache.lookup(sequenceNumber, nowNanos);
    }

    /** The loop serves no consumer of the track any more, or the track ended: its stored media goes. On {@code loop}. */
    void freeCache(MediaLoop loop) {
        RetransmissionCache cache = caches[loop.index()];
        if (cache != null) {
            cache.clear();
            caches[loop.index()] = null;
        }
    }

    /** A sender report of the stream arrived; on the owner loop. */
    void onSenderReport(SenderReport report, long nowNanos) {
        senderReport.onSenderReport(report, nowNanos);
        ReceivedSenderReport copy = new ReceivedSenderReport();
        copy.onSenderReport(report, nowNanos);
        publishedSenderReport = copy;
    }

    /** The last sender report as consumers on any loop read it; never changed once returned. */
    ReceivedSenderReport lastSenderReport() {
        return publishedSenderReport;
    }

    /** The last sender report, for our receiver reports; on the owner loop. */
    ReceivedSenderReport senderReport() {
        return senderReport;
    }

    RtpReceiveStats stats() {
        return stats;
    }

    /** Whether the stream's latest packet was VP8, whose payload descriptor layer switches rewrite. */
    boolean isVp8() {
        return vp8;
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

    /**
     * Once a second on the owner loop: the stream's bitrate, whether it flows, and its rate the last
     * time it did (what choosing it would cost a subscriber while it is paused).
     */
    void sample(long nowNanos) {
        long elapsed = nowNanos - lastSampleNanos;
        if (sampled && elapsed > 0) {
            long rate = (stats.bytes() - bytesAtLastSample) * 8 * 1_000_000_000L / elapsed;
            bitrateBps = rate;
            flowing = stats.packets() > packetsAtLastSample;
            if (flowing && rate > 0) {
                // The peak, slowly forgotten: a layer ramping up after a resume (or Chrome's start)
                // would otherwise look cheaper than it is to a viewer choosing it.
                knownBitrateBps = Math.max(rate, knownBitrateBps * 49 / 50);
            }
        }
        bytesAtLastSample = stats.bytes();
        packetsAtLastSample = stats.packets();
        lastSampleNanos = nowNanos;
        sampled = true;
    }

    /** Bits/s over the last second; any thread. */
    long bitrateBps() {
        return bitrateBps;
    }

    /** Bits/s at its recent peak while flowing (forgotten by 2% a second), 0 before; any thread. */
    long knownBitrateBps() {
        return knownBitrateBps;
    }

    /** Whether packets arrived in the last second; any thread. */
    boolean flowing() {
        return flowing;
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

    private boolean isKeyframe(RtpPacket packet) {
        if (vp8) {
            return Vp8Payload.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        }
        if (h264) {
            return H264Payload.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
        }
        return false;
    }
}

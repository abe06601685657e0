package io.livestage.loadtest.webrtc;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * VP8-shaped video RTP (RFC 7741) at a fixed frame rate and bitrate. Each frame is split into
 * packets of at most {@link VideoSettings#maxPacketBytes()}; every packet carries a payload
 * descriptor with a 15-bit picture id, the first one of a frame has the S bit and the VP8 frame
 * tag (RFC 6386 9.1), keyframes add the start code and dimensions, and the last packet of a frame
 * has the marker bit. Keyframes come every {@link VideoSettings#keyframeIntervalFrames()} frames
 * and are three times the average frame size, interframes smaller, so the bitrate holds on average.
 * A paused stream (a simulcast layer the server does not need) sends nothing while its clock runs
 * on, and resumes with a keyframe, as an encoder does when a layer is switched back on.
 */
public final class Vp8Packetizer implements MediaSource {

    private static final int DESCRIPTOR_LENGTH = 4;
    private static final int KEYFRAME_HEADER_LENGTH = 10;
    private static final int INTERFRAME_HEADER_LENGTH = 3;

    private final long ssrc;
    private final int payloadType;
    private final VideoSettings settings;
    private final RtpHeaderWriter header;
    private final int keyframeBytes;
    private final int interframeBytes;
    private final int payloadPerPacket;
    private final byte[] buffer = new byte[1500];
    private final long firstTimestamp;
    private int sequence;
    private int pictureId;
    private long frames;
    private long keyframes;
    private boolean keyframeRequested = true;
    /** Written on the pacer's thread only; volatile for reports from other threads. */
    private volatile boolean paused;

    public Vp8Packetizer(long ssrc, int payloadType, VideoSettings settings, RtpHeaderWriter header,
            SplittableRandom random) {
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.header = Objects.requireNonNull(header, "header");
        int average = settings.bitsPerSecond() / 8 / settings.framesPerSecond();
        int interval = settings.keyframeIntervalFrames();
        this.keyframeBytes = interval == 1 ? average : 3 * average;
        this.interframeBytes = interval == 1 ? average
                : Math.max(average / 2, (int) (((long) interval * average - keyframeBytes) / (interval - 1)));
        this.payloadPerPacket = settings.maxPacketBytes() - header.headerLength() - DESCRIPTOR_LENGTH;
        this.sequence = random.nextInt(1 << 16);
        this.firstTimestamp = random.nextLong(1L << 32);
        this.pictureId = random.nextInt(1 << 15);
    }

    @Override
    public long ssrc() {
        return ssrc;
    }

    @Override
    public String kind() {
        return "video";
    }

    @Override
    public long unitIntervalNanos() {
        return 1_000_000_000L / settings.framesPerSecond();
    }

    /** The next frame will be a keyframe, as a PLI or FIR from the receiver asks. */
    public void requestKeyframe() {
        keyframeRequested = true;
    }

    /** Stops or resumes sending; the next frame after a resume is a keyframe. */
    public void pause(boolean pause) {
        if (paused && !pause) {
            keyframeRequested = true;
        }
        paused = pause;
    }

    public boolean paused() {
        return paused;
    }

    public long frames() {
        return frames;
    }

    public long keyframes() {
        return keyframes;
    }

    @Override
    public void emitUnit(long nowNanos, RtpSink sink) {
        if (paused) {
            // Timestamps keep following the clock; sequence numbers and picture ids resume where they stopped.
            frames++;
            return;
        }
        boolean keyframe = keyframeRequested || frames % settings.keyframeIntervalFrames() == 0;
        keyframeRequested = false;
        int frameBytes = keyframe ? keyframeBytes : interframeBytes;
        int packetCount = (frameBytes + payloadPerPacket - 1) / payloadPerPacket;
        int chunk = (frameBytes + packetCount - 1) / packetCount;
        long timestamp = (firstTimestamp + frames * OfferBuilder.VIDEO_CLOCK_RATE / settings.framesPerSecond())
                & 0xFFFF_FFFFL;
        int written = 0;
        for (int i = 0; i < packetCount; i++) {
            int payload = Math.min(chunk, frameBytes - written);
            boolean last = i == packetCount - 1;
            int at = header.write(buffer, 0, payloadType, last, sequence, timestamp, ssrc, nowNanos, 0);
            at = writeDescriptor(at, i == 0);
            int filled = i == 0 ? writeFrameHeader(at, keyframe, frameBytes) : 0;
            SyntheticPayload.fill(buffer, at + filled, payload - filled, ssrc, sequence, nowNanos);
            sink.packet(buffer, 0, at + payload);
            written += payload;
            sequence = (sequence + 1) & 0xFFFF;
        }
        frames++;
        if (keyframe) {
            keyframes++;
        }
        pictureId = (pictureId + 1) & 0x7FFF;
    }

    /** RFC 7741 4.2: X=1, S on a frame's first packet, partition 0; I=1 with a 15-bit picture id (M=1). */
    private int writeDescriptor(int at, boolean start) {
        buffer[at] = (byte) (0x80 | (start ? 0x10 : 0));
        buffer[at + 1] = (byte) 0x80;
        buffer[at + 2] = (byte) (0x80 | (pictureId >>> 8));
        buffer[at + 3] = (byte) pictureId;
        return at + DESCRIPTOR_LENGTH;
    }

    /** RFC 6386 9.1: the 3-byte frame tag, and for keyframes the start code and 14-bit dimensions. */
    private int writeFrameHeader(int at, boolean keyframe, int frameBytes) {
        int headerLength = keyframe ? KEYFRAME_HEADER_LENGTH : INTERFRAME_HEADER_LENGTH;
        // A first partition of about a third of the frame, as real encoders produce.
        int firstPartitionSize = Math.min(0x7FFFF, Math.max(1, (frameBytes - headerLength) / 3));
        int tag = (keyframe ? 0 : 1) | (1 << 4) | (firstPartitionSize << 5);
        buffer[at] = (byte) tag;
        buffer[at + 1] = (byte) (tag >>> 8);
        buffer[at + 2] = (byte) (tag >>> 16);
        if (keyframe) {
            buffer[at + 3] = (byte) 0x9D;
            buffer[at + 4] = (byte) 0x01;
            buffer[at + 5] = (byte) 0x2A;
            buffer[at + 6] = (byte) settings.width();
            buffer[at + 7] = (byte) (settings.width() >>> 8);
            buffer[at + 8] = (byte) settings.height();
            buffer[at + 9] = (byte) (settings.height() >>> 8);
        }
        return headerLength;
    }
}

package io.livestage.loadtest.webrtc;

/**
 * Shape of a synthetic VP8 stream.
 *
 * @param maxPacketBytes largest RTP packet before SRTP (header, descriptor and payload); keeps the
 *                       datagram under a 1,280-byte path MTU once SRTP adds its tag
 */
public record VideoSettings(int width, int height, int framesPerSecond, int bitsPerSecond,
        double keyframeIntervalSeconds, int maxPacketBytes) {

    public VideoSettings {
        if (width < 1 || width > 16383 || height < 1 || height > 16383) {
            throw new IllegalArgumentException("VP8 dimensions are 14-bit: 1..16383");
        }
        if (framesPerSecond < 1 || framesPerSecond > 120) {
            throw new IllegalArgumentException("framesPerSecond must be 1..120");
        }
        if (bitsPerSecond < 8 * 64 * framesPerSecond) {
            throw new IllegalArgumentException("bitsPerSecond too low for " + framesPerSecond + " fps");
        }
        if (!(keyframeIntervalSeconds > 0)) {
            throw new IllegalArgumentException("keyframeIntervalSeconds must be positive");
        }
        if (maxPacketBytes < 200 || maxPacketBytes > 1400) {
            throw new IllegalArgumentException("maxPacketBytes must be 200..1400");
        }
    }

    /** 720p at 30 fps and 2.5 Mbit/s, a keyframe every 2 s: a phone's live show. */
    public static VideoSettings hd720() {
        return new VideoSettings(1280, 720, 30, 2_500_000, 2.0, 1200);
    }

    public VideoSettings withFrameRate(int fps) {
        return new VideoSettings(width, height, fps, bitsPerSecond, keyframeIntervalSeconds, maxPacketBytes);
    }

    public VideoSettings withBitrate(int bps) {
        return new VideoSettings(width, height, framesPerSecond, bps, keyframeIntervalSeconds, maxPacketBytes);
    }

    public VideoSettings withKeyframeInterval(double seconds) {
        return new VideoSettings(width, height, framesPerSecond, bitsPerSecond, seconds, maxPacketBytes);
    }

    /** Frames from one keyframe to the next, at least 1. */
    public int keyframeIntervalFrames() {
        return Math.max(1, (int) Math.round(keyframeIntervalSeconds * framesPerSecond));
    }
}

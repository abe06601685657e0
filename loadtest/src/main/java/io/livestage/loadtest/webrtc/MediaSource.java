package io.livestage.loadtest.webrtc;

/**
 * A synthetic RTP stream that produces media in units (one audio packet, or all the packets of
 * one video frame) at a fixed interval. Not thread-safe: driven by one thread, the pacer's.
 */
public interface MediaSource {

    long ssrc();

    /** "audio" or "video", as the server's track statistics name kinds. */
    String kind();

    /** Time between units: 20 ms for audio, 1/fps for video. */
    long unitIntervalNanos();

    /** Writes the next unit's packets to {@code sink}, in sequence order. */
    void emitUnit(long nowNanos, RtpSink sink);
}

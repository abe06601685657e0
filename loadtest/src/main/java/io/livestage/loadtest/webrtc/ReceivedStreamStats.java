package io.livestage.loadtest.webrtc;

/**
 * Receive figures of one incoming SSRC (RFC 3550 A.3 and A.8, via the SFU's RtpReceiveStats).
 *
 * @param jitter interarrival jitter in units of {@code clockRate}
 */
public record ReceivedStreamStats(long ssrc, int payloadType, int clockRate, long packets, long bytes, int lost,
        long jitter) {

    public double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }
}

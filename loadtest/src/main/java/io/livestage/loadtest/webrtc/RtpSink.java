package io.livestage.loadtest.webrtc;

/**
 * Takes one plain RTP packet. The bytes belong to the caller's reusable buffer and are valid only
 * during the call; a sink may transform them in place (encrypt) using the buffer's room after
 * {@code off + len}.
 */
@FunctionalInterface
public interface RtpSink {
    void packet(byte[] buf, int off, int len);
}

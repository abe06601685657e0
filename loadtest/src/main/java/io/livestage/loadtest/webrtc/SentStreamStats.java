package io.livestage.loadtest.webrtc;

/**
 * What a {@link PacedSender} did with one stream.
 *
 * @param packets RTP packets handed to the transport
 * @param bytes   their plain RTP sizes (header and payload, before SRTP)
 * @param dropped packets built but skipped on purpose; each is followed by a sent packet, so a
 *                receiver counts every one of them as lost
 * @param lastSequence sequence number of the last packet sent, -1 before any
 */
public record SentStreamStats(long ssrc, String kind, long packets, long bytes, long dropped, int lastSequence) {
}

package io.livestage.sfu;

/**
 * What the server received on one incoming track, for tests, operators and load reports.
 *
 * @param kind            "audio" or "video"
 * @param codec           the codec of the latest packet, e.g. "opus", "VP8", "H264"
 * @param lost            cumulative packets lost (RFC 3550), negative when duplicates outnumber losses
 * @param jitterMs        interarrival jitter
 * @param keyframes       distinct video keyframes seen
 * @param decryptFailures SRTP packets of this SSRC that did not authenticate
 * @param retransmissions packets on the track's RTX stream (repairs and bandwidth-probe padding), not in {@code packets}
 */
public record TrackStats(String userId, String kind, long ssrc, String codec, long packets, long bytes, long lost,
                         double jitterMs, long keyframes, long decryptFailures, long retransmissions) {
}

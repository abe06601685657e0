package io.livestage.loadtest.webrtc;

/**
 * What a {@link JavaSubscriber} received on one SSRC.
 *
 * @param packets            distinct packets accepted (first arrivals and recovered ones, not duplicates)
 * @param firstSequence      extended sequence number of the first packet, -1 before any
 * @param highestSequence    highest extended sequence number seen, -1 before any
 * @param missing            sequence numbers between first and highest still awaited (NACKed or about to be)
 * @param lost               sequence numbers given up on (NACK retries spent, too old, or too many at once)
 * @param recovered          packets that arrived after we NACKed them
 * @param outOfOrder         packets that arrived below the highest without having been NACKed
 * @param duplicates         packets that arrived a second time
 * @param droppedOnPurpose   new packets the drop policy discarded on receipt, before decryption (each goes missing)
 * @param nackedPackets      sequence numbers asked for in NACKs, retries included
 * @param plis               picture loss indications sent while no keyframe had arrived
 * @param payloadMismatches  packets whose payload is not the synthetic publisher's payload for their SSRC and sequence
 * @param keyframes          VP8 keyframes seen (distinct RTP timestamps)
 * @param firstKeyframeNanos {@link System#nanoTime()} at the first keyframe packet, -1 before any
 * @param latencyP50Micros   median time from the publisher's send (stamped in the payload) to our receipt, -1 without it
 * @param latencyP99Micros   its 99th percentile
 * @param latencyMaxMicros   its maximum
 */
public record ReceivedTrackStats(long ssrc, String kind, long packets, long firstSequence, long highestSequence,
        int missing, long lost, long recovered, long outOfOrder, long duplicates, long droppedOnPurpose,
        long nackedPackets, long plis, long payloadMismatches, long keyframes, long firstKeyframeNanos,
        long latencyP50Micros, long latencyP99Micros, long latencyMaxMicros) {

    /** The publisher's 16-bit sequence number of the highest packet. */
    public int highestSequence16() {
        return (int) (highestSequence & 0xFFFF);
    }

    /** Every sequence number from the first to the highest arrived, possibly after a NACK. */
    public boolean complete() {
        return firstSequence >= 0 && missing == 0 && lost == 0 && packets == highestSequence - firstSequence + 1;
    }
}

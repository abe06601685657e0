package io.livestage.loadtest.webrtc;

/**
 * Which packets a {@link PacedSender} skips on purpose (built, sequence number used, never sent),
 * so a test knows exactly what loss the receiver should report.
 */
@FunctionalInterface
public interface DropPolicy {

    DropPolicy NONE = packetIndex -> false;

    /** @param packetIndex 1 for the stream's first packet, then counting up */
    boolean drop(long packetIndex);

    /** Skips packets k, 2k, 3k, …; the first packet is always sent, so the receiver knows where the stream starts. */
    static DropPolicy everyNth(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2");
        }
        return packetIndex -> packetIndex % k == 0;
    }
}

package io.livestage.sfu.cc;

/**
 * What one subscriber's feedback says about our sending to it.
 *
 * @param packetsReported packets its transport-cc feedback covered so far, each counted once
 * @param packetsLost of those, packets not received; one reported lost and later received is not
 * @param lossRatio fraction lost over recent feedback, exponentially smoothed; 0 to 1
 * @param delayTrend slope of the smoothed accumulated one-way delay variation against arrival time
 *     (ms per ms) over recent packets: positive while queues on the path build up
 * @param receivedBitrateBps bits per second the subscriber received over about the last second
 * @param rembBitrateBps its latest REMB estimate, 0 when it sent none
 * @param estimateBps our estimate of the bits per second we may send it (delay- and loss-based,
 *     capped by its REMB); the start value until its first feedback
 * @param feedbackPackets transport-cc feedback packets handled
 * @param probedBps what the last successful probe showed the path carries, 0 before one: unlike the
 *     estimate, which starts at a guess, a rate the path was seen to carry
 */
public record DeliveryStatistics(long packetsReported, long packetsLost, double lossRatio, double delayTrend,
                                 long receivedBitrateBps, long rembBitrateBps, long estimateBps,
                                 long feedbackPackets, long probedBps) {

    public DeliveryStatistics {
        if (packetsLost < 0 || packetsLost > packetsReported) {
            throw new IllegalArgumentException("lost " + packetsLost + " of " + packetsReported + " reported");
        }
        if (!(lossRatio >= 0 && lossRatio <= 1)) {
            throw new IllegalArgumentException("lossRatio out of [0, 1]: " + lossRatio);
        }
        if (receivedBitrateBps < 0 || rembBitrateBps < 0 || estimateBps < 0 || feedbackPackets < 0 || probedBps < 0) {
            throw new IllegalArgumentException("negative bitrate or count");
        }
    }
}

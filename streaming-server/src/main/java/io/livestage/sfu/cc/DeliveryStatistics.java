package io.livestage.sfu.cc;
// STUB until the helper's branch merges
public record DeliveryStatistics(long packetsReported, long packetsLost, double lossRatio, double delayTrend,
                                 long receivedBitrateBps, long rembBitrateBps, long feedbackPackets) { }

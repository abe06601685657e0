package io.livestage.sfu.cc;
import io.livestage.sfu.rtcp.TransportCcFeedback;
// STUB until the helper's branch merges
public final class TransportWideSender {
    public TransportWideSender() { }
    public int next(int sizeBytes, long sendMicros) { return 0; }
    public void onFeedback(TransportCcFeedback feedback, long nowMicros) { }
    public void onRemb(long bitrateBps, long nowMicros) { }
    public DeliveryStatistics statistics() { return new DeliveryStatistics(0, 0, 0, 0, 0, 0, 0); }
}

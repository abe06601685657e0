package io.livestage.sfu.cc;
// STUB until the helper's branch merges
public final class TransportCcArrivals {
    public TransportCcArrivals() { }
    public boolean record(int transportSequenceNumber, long arrivalMicros) { return false; }
    public boolean hasUnreported() { return false; }
    public int writeFeedback(byte[] dst, int off, int maxLength, long senderSsrc, long mediaSsrc) { return -1; }
    public long feedbackPackets() { return 0; }
}

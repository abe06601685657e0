package io.livestage.sfu.rtp;
// STUB until the helper's branch merges
public final class AbsSendTime {
    private AbsSendTime() { }
    public static int at(long micros) { return 0; }
    public static void write(byte[] buf, int at, long micros) { }
}

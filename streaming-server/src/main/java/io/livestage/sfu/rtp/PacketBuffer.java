package io.livestage.sfu.rtp;

/**
 * A fixed {@value #CAPACITY}-byte array holding one datagram, with the offset and length of the
 * bytes in use. Owned by a {@link PacketBufferPool}; the holder gives it back with
 * {@link PacketBufferPool#release} once the packet is sent or dropped.
 */
public final class PacketBuffer {

    /** An Ethernet MTU: a WebRTC datagram never exceeds it, so a received packet always fits. */
    public static final int CAPACITY = 1500;

    private final byte[] data = new byte[CAPACITY];
    private int offset;
    private int length;
    boolean pooled;

    PacketBuffer() {
    }

    public byte[] array() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Marks {@code [offset, offset + length)} as the bytes in use. */
    public void setRange(int offset, int length) {
        if (offset < 0 || length < 0 || offset > CAPACITY - length) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + CAPACITY);
        }
        this.offset = offset;
        this.length = length;
    }

    /** Copies {@code len} bytes from {@code src} to the start of this buffer and uses them. */
    public void copyFrom(byte[] src, int srcOff, int len) {
        setRange(0, len);
        System.arraycopy(src, srcOff, data, 0, len);
    }
}

package io.livestage.sfu.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable view of one packet inside a caller-owned (pooled) array, in the form jitsi-srtp
 * transforms in place. Wrap, transform, read the new length; one instance per thread, reused for
 * every packet, so the steady path allocates nothing. The array is never replaced: when a
 * trailer does not fit, the transform reports {@link SrtpStatus#NO_ROOM}.
 */
public final class SrtpPacket implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    /** Points this view at {@code length} bytes of {@code buffer} from {@code offset}. */
    public SrtpPacket wrap(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("packet outside its buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** Bytes available after the packet's end: where tags and SRTCP indexes go. */
    public int tailroom() {
        return buffer.length - offset - length;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("length outside the buffer");
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        if (offset < 0 || offset + length > buffer.length) {
            throw new IndexOutOfBoundsException("offset outside the buffer");
        }
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return buffer == null;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuff) {
        System.arraycopy(buffer, offset + off, outBuff, 0, len);
    }

    /** SrtpSession checks the tailroom first, so running out here is a bug, not input. */
    @Override
    public void grow(int howMuch) {
        if (howMuch > tailroom()) {
            throw new IllegalStateException("SRTP trailer does not fit; tailroom was not checked");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len < 0 || len > length) {
            throw new IllegalArgumentException("cannot shrink by " + len);
        }
        length -= len;
    }
}

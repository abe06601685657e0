package io.livestage.sfu.rtp;

import java.util.Objects;

/**
 * A reusable view of one RTP packet (RFC 3550) inside a caller's {@code byte[]}.
 *
 * <p>{@link #wrap} validates the fixed header, the CSRC list, the header extension block and the
 * padding against the given length, so every accessor afterwards stays inside the packet. Nothing
 * is copied or allocated: one instance per event loop is reused for every packet. Setters rewrite
 * the header in place, which is what forwarding needs (SSRC, payload type, sequence, timestamp).
 *
 * <p>Header extensions (RFC 8285, one-byte profile {@code 0xBEDE} and two-byte profile
 * {@code 0x100x}) are found with {@link #findExtension}.
 */
public final class RtpPacket {

    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int ONE_BYTE_EXTENSION_PROFILE = 0xBEDE;
    /** Two-byte profile: 0x100 in the top 12 bits, the low 4 bits are "appbits". */
    public static final int TWO_BYTE_EXTENSION_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private int extensionProfile;
    private int extensionDataOffset;
    private int extensionDataLength;
    private int foundExtensionLength;

    /**
     * Points this view at {@code buf[off, off + len)}.
     *
     * @return false (and the view is unusable) when the bytes are not a well-formed RTP packet
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (!NetworkOrder.inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return false;
        }
        int pos = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (pos > len) {
            return false;
        }
        int profile = -1;
        int extOff = 0;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > len) {
                return false;
            }
            profile = NetworkOrder.uint16(buf, off + pos);
            extLen = 4 * NetworkOrder.uint16(buf, off + pos + 2);
            pos += 4;
            if (extLen > len - pos) {
                return false;
            }
            extOff = off + pos;
            pos += extLen;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || padding > len - pos) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLength = pos;
        this.paddingLength = padding;
        this.extensionProfile = profile;
        this.extensionDataOffset = extOff;
        this.extensionDataLength = extLen;
        return true;
    }

    public boolean isValid() {
        return buf != null;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xFF) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return extensionProfile >= 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    public long csrc(int index) {
        Objects.checkIndex(index, csrcCount());
        return NetworkOrder.uint32(buf, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return NetworkOrder.uint16(buf, off + 2);
    }

    public long timestamp() {
        return NetworkOrder.uint32(buf, off + 4);
    }

    public long ssrc() {
        return NetworkOrder.uint32(buf, off + 8);
    }

    /** Bytes from the start of the packet to the payload: fixed header, CSRCs and extension block. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload bytes, excluding padding. */
    public int payloadLength() {
        return len - headerLength - paddingLength;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** The extension block's profile ("defined by profile" field), or -1 when there is none. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /**
     * Finds the RFC 8285 header extension element with {@code id}.
     *
     * @return the absolute offset of its data in {@link #buffer()}, or -1 when absent (or when the
     *     block uses another profile or is malformed before that element); its length is then
     *     available from {@link #foundExtensionLength()} until the next call
     */
    public int findExtension(int id) {
        foundExtensionLength = 0;
        // An id no element of the form can carry is absent without walking the block (0 is padding, 15 ends a
        // one-byte block): the walk would find nothing either.
        if (extensionProfile == ONE_BYTE_EXTENSION_PROFILE) {
            return id < 1 || id > 14 ? -1 : findOneByte(id);
        }
        if ((extensionProfile & 0xFFF0) == TWO_BYTE_EXTENSION_PROFILE) {
            return id < 1 || id > 255 ? -1 : findTwoByte(id);
        }
        return -1;
    }

    /** Data length of the element found by the last successful {@link #findExtension}. */
    public int foundExtensionLength() {
        return foundExtensionLength;
    }

    private int findOneByte(int id) {
        int p = extensionDataOffset;
        int end = extensionDataOffset + extensionDataLength;
        while (p < end) {
            int b = buf[p] & 0xFF;
            int elementId = b >>> 4;
            // Id 0 is padding, one byte whatever its low bits say (RFC 8285 section 4.2), as RtpRewriter reads it.
            if (elementId == 0) {
                p++;
                continue;
            }
            // Id 15 is reserved and ends processing of the block (RFC 8285 section 4.2).
            if (elementId == 15) {
                return -1;
            }
            int dataLength = (b & 0x0F) + 1;
            if (dataLength > end - p - 1) {
                return -1;
            }
            if (elementId == id) {
                foundExtensionLength = dataLength;
                return p + 1;
            }
            p += 1 + dataLength;
        }
        return -1;
    }

    private int findTwoByte(int id) {
        int p = extensionDataOffset;
        int end = extensionDataOffset + extensionDataLength;
        while (p < end) {
            int elementId = buf[p] & 0xFF;
            if (elementId == 0) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return -1;
            }
            int dataLength = buf[p + 1] & 0xFF;
            if (dataLength > end - p - 2) {
                return -1;
            }
            if (elementId == id) {
                foundExtensionLength = dataLength;
                return p + 2;
            }
            p += 2 + dataLength;
        }
        return -1;
    }

    public void setMarker(boolean marker) {
        buf[off + 1] = (byte) (marker ? (buf[off + 1] | 0x80) : (buf[off + 1] & 0x7F));
    }

    public void setPayloadType(int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public void setSequenceNumber(int sequenceNumber) {
        NetworkOrder.putUint16(buf, off + 2, sequenceNumber);
    }

    public void setTimestamp(long timestamp) {
        NetworkOrder.putUint32(buf, off + 4, timestamp);
    }

    public void setSsrc(long ssrc) {
        NetworkOrder.putUint32(buf, off + 8, ssrc);
    }
}

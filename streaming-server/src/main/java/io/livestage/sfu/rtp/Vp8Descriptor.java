package io.livestage.sfu.rtp;

/**
 * The fields of a VP8 RTP payload descriptor (RFC 7741 section 4.2) that a forwarder switching
 * layers rewrites or decides on: picture id, TL0PICIDX, temporal layer index and layer sync, and
 * where each sits so it can be rewritten in place. A reusable view: {@link #read} fills it from
 * one packet, allocation-free; used on one event loop.
 */
public final class Vp8Descriptor {
    /** No field of that kind in the descriptor. */
    public static final int ABSENT = -1;

    private boolean valid;
    private boolean frameStart;
    private int pictureIdAt;
    private boolean longPictureId;
    private int pictureId;
    private int tl0PicIdxAt;
    private int tl0PicIdx;
    private int temporalLayer;
    private boolean layerSync;

    /**
     * Reads the descriptor of the payload {@code buf[off, off + len)}.
     *
     * @return false when it is too short for the fields its flags announce
     */
    public boolean read(byte[] buf, int off, int len) {
        clear();
        if (!NetworkOrder.inBounds(buf, off, len) || len < 1) {
            return false;
        }
        int end = off + len;
        int p = off;
        int b0 = buf[p++] & 0xFF;
        frameStart = (b0 & 0x10) != 0 && (b0 & 0x07) == 0;
        if ((b0 & 0x80) != 0) {
            if (p >= end) {
                return false;
            }
            int x = buf[p++] & 0xFF;
            if ((x & 0x80) != 0) {
                if (p >= end) {
                    return false;
                }
                pictureIdAt = p;
                longPictureId = (buf[p] & 0x80) != 0;
                if (longPictureId) {
                    if (p + 1 >= end) {
                        return false;
                    }
                    pictureId = ((buf[p] & 0x7F) << 8) | (buf[p + 1] & 0xFF);
                    p += 2;
                } else {
                    pictureId = buf[p] & 0x7F;
                    p++;
                }
            }
            if ((x & 0x40) != 0) {
                if (p >= end) {
                    return false;
                }
                tl0PicIdxAt = p;
                tl0PicIdx = buf[p++] & 0xFF;
            }
            if ((x & 0x30) != 0) {
                if (p >= end) {
                    return false;
                }
                if ((x & 0x20) != 0) {
                    temporalLayer = (buf[p] & 0xC0) >>> 6;
                    layerSync = (buf[p] & 0x20) != 0;
                }
                p++;
            }
        }
        valid = p <= end;
        return valid;
    }

    /** No descriptor: a packet of another codec, which has none of these fields to rewrite or drop by. */
    public void clear() {
        valid = false;
        frameStart = false;
        pictureIdAt = ABSENT;
        tl0PicIdxAt = ABSENT;
        pictureId = ABSENT;
        tl0PicIdx = ABSENT;
        temporalLayer = ABSENT;
        layerSync = false;
    }

    public boolean valid() {
        return valid;
    }

    /** The first packet of a frame: S bit set in partition 0. */
    public boolean frameStart() {
        return frameStart;
    }

    /** Offset of the picture id in the buffer read, or {@link #ABSENT}. */
    public int pictureIdAt() {
        return pictureIdAt;
    }

    /** Whether the picture id is the 15-bit form (M bit). */
    public boolean longPictureId() {
        return longPictureId;
    }

    /** The picture id (7 or 15 bits), or {@link #ABSENT}. */
    public int pictureId() {
        return pictureId;
    }

    /** Offset of TL0PICIDX in the buffer read, or {@link #ABSENT}. */
    public int tl0PicIdxAt() {
        return tl0PicIdxAt;
    }

    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** The temporal layer index (TID), or {@link #ABSENT} when the stream has no temporal layers. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** Y bit: the frame depends only on TL0 frames, so a receiver may start this temporal layer here. */
    public boolean layerSync() {
        return layerSync;
    }

    /** Writes a picture id in place, in the form (7 or 15 bits) the packet already uses. */
    public static void writePictureId(byte[] buf, int at, boolean longForm, int pictureId) {
        if (longForm) {
            buf[at] = (byte) (0x80 | ((pictureId >>> 8) & 0x7F));
            buf[at + 1] = (byte) pictureId;
        } else {
            buf[at] = (byte) (pictureId & 0x7F);
        }
    }
}

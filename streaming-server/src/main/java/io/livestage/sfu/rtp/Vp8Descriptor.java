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
        if (payloadHeaderAt(buf, off, len) < 0) {
            return false;
        }
        // Bounds were checked by the walk above; this one only notes where each field sits.
        int b0 = buf[off] & 0xFF;
        frameStart = (b0 & 0x10) != 0 && (b0 & 0x07) == 0;
        if ((b0 & 0x80) != 0) {
            int x = buf[off + 1] & 0xFF;
            int p = off + 2;
            if ((x & 0x80) != 0) {
                pictureIdAt = p;
                longPictureId = (buf[p] & 0x80) != 0;
                pictureId = longPictureId ? ((buf[p] & 0x7F) << 8) | (buf[p + 1] & 0xFF) : buf[p] & 0x7F;
                p += longPictureId ? 2 : 1;
            }
            if ((x & 0x40) != 0) {
                tl0PicIdxAt = p;
                tl0PicIdx = buf[p++] & 0xFF;
            }
            if ((x & 0x20) != 0) {
                temporalLayer = (buf[p] & 0xC0) >>> 6;
                layerSync = (buf[p] & 0x20) != 0;
            }
        }
        valid = true;
        return true;
    }

    /**
     * Where the VP8 payload header starts after the descriptor of the payload {@code buf[off, off +
     * len)}, or -1 when the payload is too short for the fields the descriptor's flags announce.
     */
    public static int payloadHeaderAt(byte[] buf, int off, int len) {
        if (!NetworkOrder.inBounds(buf, off, len) || len < 1) {
            return -1;
        }
        int p = off + 1;
        if ((buf[off] & 0x80) != 0) {
            if (p >= off + len) {
                return -1;
            }
            int x = buf[p++] & 0xFF;
            if ((x & 0x80) != 0 && p < off + len) {
                // M bit: a 15-bit picture id takes a second byte.
                p += (buf[p] & 0x80) != 0 ? 2 : 1;
            } else if ((x & 0x80) != 0) {
                return -1;
            }
            p += (x & 0x40) != 0 ? 1 : 0;
            p += (x & 0x30) != 0 ? 1 : 0;
        }
        return p <= off + len ? p : -1;
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

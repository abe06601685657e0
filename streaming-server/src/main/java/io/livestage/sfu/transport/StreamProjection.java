package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.rtp.Vp8Descriptor;

/**
 * One subscriber's view of a track whose packets may come from several simulcast layers (each its
 * own SSRC, sequence, timestamps and VP8 picture ids) or skip frames of dropped temporal layers:
 * a single continuous stream on one SSRC, as a decoder needs it.
 * <ul>
 * <li>sequence numbers continue across a switch and close up over dropped packets, except that
 *     an incomplete frame before a switch (its last packet, with the marker bit, never sent) is
 *     followed by a gap of one, so the receiver drops that frame instead of waiting for its end;</li>
 * <li>timestamps of the new layer are moved onto the old one's timeline through the two layers'
 *     sender reports (same wall clock, same RTP time), or advanced by the time elapsed when a
 *     report is missing;</li>
 * <li>VP8 picture ids continue by one across a switch and over dropped pictures; TL0PICIDX
 *     continues by one across a switch (TL0 frames are never dropped).</li>
 * </ul>
 * It remembers, for the last {@value #REMEMBERED} sequence numbers it gave out, which layer packet
 * each was and how it was rewritten, so a NACK for our numbers finds the publisher's packet and
 * it goes out again exactly as the first time. Used on the producer's loop only; allocation-free
 * per packet.
 */
final class StreamProjection {
    /** A second or more of video at the bitrates we forward, as the retransmission cache keeps. */
    static final int REMEMBERED = 2048;
    private static final int NONE = -1;

    private final long ssrc;
    private final long[] sentOrigin = new long[REMEMBERED];
    private final int[] sentTimestamp = new int[REMEMBERED];
    private final int[] sentVp8 = new int[REMEMBERED];
    private boolean started;
    private int layer = NONE;
    private int sequenceDelta;
    private long timestampDelta;
    private int pictureIdDelta;
    private int tl0Delta;
    private int lastSequence;
    private long lastTimestamp;
    private int lastPictureId = NONE;
    private int lastTl0 = NONE;
    private boolean lastMarker = true;
    private long lastSentNanos;
    private int lastSkippedPicture = NONE;
    private boolean sentAny;
    /** The values of the packet being sent. */
    private int sequence;
    private long timestamp;
    private int pictureId = NONE;
    private int tl0 = NONE;

    /** @param ssrc the SSRC the subscriber knows the track by */
    StreamProjection(long ssrc) {
        this.ssrc = ssrc;
    }

    long ssrc() {
        return ssrc;
    }

    /** The layer being projected, or -1 before the first packet. */
    int layer() {
        return layer;
    }

    /** Whether a layer has been chosen: the first keyframe (or packet, for one layer) came. */
    boolean started() {
        return started;
    }

    /**
     * From this packet on, {@code newLayer} is the stream: it must begin a keyframe (or be the
     * first packet of a track that has only one layer).
     *
     * @param alignedTimestamp the packet's timestamp on the old layer's timeline from sender
     *     reports, or -1 when they are missing
     * @param clockRate        the track's RTP clock rate
     */
    void switchTo(int newLayer, RtpPacket packet, Vp8Descriptor vp8, long alignedTimestamp, int clockRate,
                  long nowNanos) {
        if (!started) {
            sequenceDelta = 0;
            timestampDelta = 0;
            pictureIdDelta = 0;
            tl0Delta = 0;
        } else {
            int gap = lastMarker ? 1 : 2;
            sequenceDelta = (lastSequence + gap - packet.sequenceNumber()) & 0xFFFF;
            long target = alignedTimestamp;
            long elapsedTicks = Math.max(1, (nowNanos - lastSentNanos) / 1000 * clockRate / 1_000_000);
            long ahead = (target - lastTimestamp) & 0xFFFF_FFFFL;
            // A report-aligned time must land after what was sent and not far beyond it.
            if (alignedTimestamp < 0 || ahead == 0 || ahead > 10L * clockRate) {
                target = lastTimestamp + elapsedTicks;
            }
            timestampDelta = (target - packet.timestamp()) & 0xFFFF_FFFFL;
            pictureIdDelta = lastPictureId == NONE || vp8.pictureId() == Vp8Descriptor.ABSENT
                    ? 0 : (lastPictureId + 1 - vp8.pictureId()) & 0x7FFF;
            tl0Delta = lastTl0 == NONE || vp8.tl0PicIdx() == Vp8Descriptor.ABSENT
                    ? 0 : (lastTl0 + 1 - vp8.tl0PicIdx()) & 0xFF;
        }
        layer = newLayer;
        started = true;
        lastSkippedPicture = NONE;
    }

    /**
     * The projected layer's packets stopped for a while (held back): the next packet must begin a keyframe, and
     * the stream goes on from it as across a switch, continuous from what was last sent.
     */
    void resume() {
        layer = NONE;
    }

    /** A packet of the projected layer that is not sent (a dropped temporal layer): the numbers close up. */
    void skip(Vp8Descriptor vp8) {
        sequenceDelta = (sequenceDelta - 1) & 0xFFFF;
        int picture = vp8.pictureId();
        if (picture != Vp8Descriptor.ABSENT && picture != lastSkippedPicture) {
            lastSkippedPicture = picture;
            pictureIdDelta = (pictureIdDelta - 1) & 0x7FFF;
        }
    }

    /** Computes the values a packet of the projected layer goes out with, and remembers them. */
    void project(RtpPacket packet, Vp8Descriptor vp8, long nowNanos) {
        sequence = (packet.sequenceNumber() + sequenceDelta) & 0xFFFF;
        timestamp = (packet.timestamp() + timestampDelta) & 0xFFFF_FFFFL;
        pictureId = vp8.pictureId() == Vp8Descriptor.ABSENT ? NONE : (vp8.pictureId() + pictureIdDelta) & 0x7FFF;
        tl0 = vp8.tl0PicIdx() == Vp8Descriptor.ABSENT ? NONE : (vp8.tl0PicIdx() + tl0Delta) & 0xFF;
        if (((sequence - lastSequence) & 0x8000) == 0 || !sentAny) {
            lastSequence = sequence;
            lastTimestamp = timestamp;
            lastMarker = packet.marker();
            lastSentNanos = nowNanos;
            if (pictureId != NONE) {
                lastPictureId = pictureId;
            }
            if (tl0 != NONE) {
                lastTl0 = tl0;
            }
        }
        int slot = sequence & (REMEMBERED - 1);
        sentOrigin[slot] = 1L << 40 | (long) layer << 32 | (long) packet.sequenceNumber() << 16 | sequence;
        sentTimestamp[slot] = (int) timestamp;
        sentVp8[slot] = packVp8(pictureId, tl0);
        sentAny = true;
    }

    /** Picture id (15 bits) and TL0PICIDX (8 bits), each with a presence bit. */
    private static int packVp8(int pictureId, int tl0) {
        int packed = 0;
        if (pictureId != NONE) {
            packed |= 1 << 24 | pictureId << 9;
        }
        if (tl0 != NONE) {
            packed |= 1 << 8 | tl0;
        }
        return packed;
    }

    /**
     * Looks up a sequence number we gave out; when found, the values it went out with become the
     * ones {@link #write} writes.
     *
     * @return the publisher's sequence number of that packet, or -1 when not remembered
     */
    int recall(int ourSequence, int[] layerOut) {
        int slot = ourSequence & (REMEMBERED - 1);
        long origin = sentOrigin[slot];
        if ((origin & (1L << 40)) == 0 || (int) (origin & 0xFFFF) != ourSequence) {
            return NONE;
        }
        layerOut[0] = (int) ((origin >>> 32) & 0xFF);
        sequence = ourSequence;
        timestamp = sentTimestamp[slot] & 0xFFFF_FFFFL;
        int vp8 = sentVp8[slot];
        pictureId = (vp8 & 1 << 24) == 0 ? NONE : (vp8 >>> 9) & 0x7FFF;
        tl0 = (vp8 & 1 << 8) == 0 ? NONE : vp8 & 0xFF;
        return (int) ((origin >>> 16) & 0xFFFF);
    }

    /** Our sequence number of the newest packet sent. */
    int lastSequence() {
        return lastSequence;
    }

    /** The sequence number {@link #write} writes. */
    int sequence() {
        return sequence;
    }

    /** What the projected layer's timestamps gain on their way out: sender reports map through it. */
    long timestampDelta() {
        return timestampDelta;
    }

    /**
     * Writes the projected values into a copy of the packet {@code vp8} was read from: SSRC,
     * sequence number, timestamp, and the VP8 picture id and TL0PICIDX, whose offsets in the copy
     * are those of the original shifted by {@code shift}.
     */
    void write(byte[] buf, int off, RtpPacket original, Vp8Descriptor vp8, int shift) {
        NetworkOrder.putUint16(buf, off + 2, sequence);
        NetworkOrder.putUint32(buf, off + 4, timestamp);
        NetworkOrder.putUint32(buf, off + 8, ssrc);
        int base = off - original.offset() + shift;
        if (pictureId != NONE && vp8.pictureIdAt() != Vp8Descriptor.ABSENT) {
            Vp8Descriptor.writePictureId(buf, vp8.pictureIdAt() + base, vp8.longPictureId(), pictureId);
        }
        if (tl0 != NONE && vp8.tl0PicIdxAt() != Vp8Descriptor.ABSENT) {
            buf[vp8.tl0PicIdxAt() + base] = (byte) tl0;
        }
    }
}

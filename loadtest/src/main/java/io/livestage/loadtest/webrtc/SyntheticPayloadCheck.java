package io.livestage.loadtest.webrtc;

/**
 * Checks a received payload against what our synthetic packetizers write: the codec's own header
 * (Opus TOC byte; VP8 payload descriptor and, on a frame's first packet, the frame header) is
 * skipped by parsing it, and the rest must be the {@link SyntheticPayload} of the packet's SSRC and
 * sequence number, byte for byte.
 */
final class SyntheticPayloadCheck {

    private static final int VP8_KEYFRAME_HEADER = 10;
    private static final int VP8_INTERFRAME_HEADER = 3;

    private SyntheticPayloadCheck() {
    }

    /** @param codec the codec name from the SDP ("opus", "VP8"); other codecs are not ours and fail */
    static boolean matches(String codec, byte[] buf, int off, int len, long ssrc, int sequence) {
        int header = headerLength(codec, buf, off, len);
        return header >= 0 && SyntheticPayload.matches(buf, off + header, len - header, ssrc, sequence);
    }

    /**
     * Like {@link #matches}, for a packet whose header is not the publisher's (a simulcast layer
     * rewritten onto the subscriber's SSRC and numbering): the rest must be the synthetic payload of
     * the SSRC and sequence number stamped in it.
     */
    static boolean matchesStamped(String codec, byte[] buf, int off, int len) {
        int header = headerLength(codec, buf, off, len);
        return header >= 0 && SyntheticPayload.matchesOwnStamp(buf, off + header, len - header);
    }

    /** The publisher's send time stamped in the payload, or -1 when it is not one of ours. */
    static long sentNanos(String codec, byte[] buf, int off, int len) {
        int header = headerLength(codec, buf, off, len);
        return header < 0 ? -1 : SyntheticPayload.sentNanos(buf, off + header, len - header);
    }

    /** Bytes of the codec's own header before the synthetic filler; -1 for a codec not ours or a truncated header. */
    private static int headerLength(String codec, byte[] buf, int off, int len) {
        int header;
        if ("opus".equalsIgnoreCase(codec)) {
            header = 1;
        } else if ("VP8".equalsIgnoreCase(codec)) {
            header = vp8HeaderLength(buf, off, len);
        } else {
            return -1;
        }
        return header <= len ? header : -1;
    }

    /** RFC 7741 4.2 descriptor, plus the RFC 6386 9.1 frame header where a frame starts; -1 when truncated. */
    static int vp8HeaderLength(byte[] buf, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int first = buf[off] & 0xFF;
        int at = 1;
        if ((first & 0x80) != 0) {
            if (len < 2) {
                return -1;
            }
            int extension = buf[off + 1] & 0xFF;
            at = 2;
            if ((extension & 0x80) != 0) {
                at += at < len && (buf[off + at] & 0x80) != 0 ? 2 : 1;
            }
            at += (extension & 0x40) != 0 ? 1 : 0;
            at += (extension & 0x30) != 0 ? 1 : 0;
        }
        boolean frameStart = (first & 0x10) != 0 && (first & 0x07) == 0;
        if (!frameStart) {
            return at <= len ? at : -1;
        }
        if (at >= len) {
            return -1;
        }
        boolean keyframe = (buf[off + at] & 0x01) == 0;
        int total = at + (keyframe ? VP8_KEYFRAME_HEADER : VP8_INTERFRAME_HEADER);
        return total <= len ? total : -1;
    }
}

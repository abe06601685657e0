package io.livestage.loadtest.webrtc;

import io.livestage.sfu.rtp.AbsSendTime;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes an RTP fixed header (RFC 3550) and the negotiated one-byte header extensions (RFC 8285):
 * mid, abs-send-time, transport-wide sequence, for audio the audio level (RFC 6464) and for a
 * simulcast layer its rid (RFC 8852). One per stream; the transport-wide sequence is shared by the
 * streams of a transport.
 */
public final class RtpHeaderWriter {

    public static final int FIXED_HEADER_LENGTH = 12;
    private static final int ONE_BYTE_PROFILE = 0xBEDE;

    private final RtpExtensionIds ids;
    private final byte[] mid;
    private final byte[] rid;
    private final TransportWideSequence transportSequence;

    public RtpHeaderWriter(RtpExtensionIds ids, String mid, TransportWideSequence transportSequence) {
        this(ids, mid, null, transportSequence);
    }

    /**
     * @param rid the simulcast layer's rid, written when {@code ids} has a RID id; null for a stream
     *            that is no layer. Written on every packet: the server learns a layer's SSRC from
     *            whichever packet it sees first, and a few bytes cost less than guessing when it has.
     */
    public RtpHeaderWriter(RtpExtensionIds ids, String mid, String rid, TransportWideSequence transportSequence) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.mid = oneByteValue(mid, "mid");
        this.rid = rid == null || ids.rid() == RtpExtensionIds.NONE ? null : oneByteValue(rid, "rid");
        this.transportSequence = Objects.requireNonNull(transportSequence, "transportSequence");
    }

    private static byte[] oneByteValue(String value, String name) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < 1 || bytes.length > 16) {
            throw new IllegalArgumentException(name + " must be 1..16 bytes for a one-byte extension");
        }
        return bytes;
    }

    /**
     * Writes the header at {@code buf[off]}.
     *
     * @param audioLevel RFC 6464 byte (voice activity bit and level in -dBov), used when negotiated
     * @return the header length, where the payload starts
     */
    public int write(byte[] buf, int off, int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
            long nowNanos, int audioLevel) {
        buf[off] = (byte) (ids.any() ? 0x90 : 0x80);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        putUint16(buf, off + 2, sequence);
        putUint32(buf, off + 4, timestamp);
        putUint32(buf, off + 8, ssrc);
        if (!ids.any()) {
            return FIXED_HEADER_LENGTH;
        }
        int blockStart = off + FIXED_HEADER_LENGTH;
        int p = blockStart + 4;
        if (ids.mid() != RtpExtensionIds.NONE) {
            buf[p++] = (byte) (ids.mid() << 4 | (mid.length - 1));
            System.arraycopy(mid, 0, buf, p, mid.length);
            p += mid.length;
        }
        if (rid != null) {
            buf[p++] = (byte) (ids.rid() << 4 | (rid.length - 1));
            System.arraycopy(rid, 0, buf, p, rid.length);
            p += rid.length;
        }
        if (ids.absSendTime() != RtpExtensionIds.NONE) {
            buf[p++] = (byte) (ids.absSendTime() << 4 | 2);
            AbsSendTime.write(buf, p, nowNanos / 1_000);
            p += 3;
        }
        if (ids.transportCc() != RtpExtensionIds.NONE) {
            buf[p++] = (byte) (ids.transportCc() << 4 | 1);
            putUint16(buf, p, transportSequence.next());
            p += 2;
        }
        if (ids.audioLevel() != RtpExtensionIds.NONE) {
            buf[p++] = (byte) (ids.audioLevel() << 4);
            buf[p++] = (byte) audioLevel;
        }
        while ((p - blockStart) % 4 != 0) {
            buf[p++] = 0;
        }
        putUint16(buf, blockStart, ONE_BYTE_PROFILE);
        putUint16(buf, blockStart + 2, (p - blockStart - 4) / 4);
        return p - off;
    }

    /** The length {@link #write} returns: the same for every packet of the stream. */
    public int headerLength() {
        if (!ids.any()) {
            return FIXED_HEADER_LENGTH;
        }
        int elements = (ids.mid() != RtpExtensionIds.NONE ? 1 + mid.length : 0)
                + (rid != null ? 1 + rid.length : 0)
                + (ids.absSendTime() != RtpExtensionIds.NONE ? 4 : 0)
                + (ids.transportCc() != RtpExtensionIds.NONE ? 3 : 0)
                + (ids.audioLevel() != RtpExtensionIds.NONE ? 2 : 0);
        return FIXED_HEADER_LENGTH + 4 + (elements + 3) / 4 * 4;
    }

    private static void putUint16(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 8);
        buf[at + 1] = (byte) value;
    }

    private static void putUint32(byte[] buf, int at, long value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }
}

package io.livestage.sfu.rtcp;

import io.livestage.sfu.rtp.NetworkOrder;

/**
 * Walks a compound RTCP packet (RFC 3550 section 6.1) inside a caller's {@code byte[]} and exposes
 * each packet through a reusable typed view, so reading allocates nothing.
 *
 * <p>{@link #wrap} checks the whole chain of headers first and refuses the datagram if any length
 * overruns it, as RFC 3550 asks for a broken compound. Each packet is then classified by
 * {@link #next()}; a packet whose body is wrong for its type comes back as
 * {@link RtcpKind#MALFORMED} and the rest of the compound stays readable. A reduced-size packet
 * (RFC 5506) is accepted too, since browsers negotiate {@code a=rtcp-rsize}.
 *
 * <p>The views returned by the accessors are valid until the next call to {@link #next()} or
 * {@link #wrap}. Not thread-safe: one reader per event loop.
 */
public final class RtcpCompoundReader {

    static final int HEADER_LENGTH = 4;

    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final SdesPacket sdes = new SdesPacket();
    private final ByePacket bye = new ByePacket();
    private final GenericNack nack = new GenericNack();
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();
    private final Remb remb = new Remb();
    private final TransportCcFeedback transportCc = new TransportCcFeedback();

    private byte[] buf;
    private int end;
    private int next;
    private int packetOffset;
    private int packetLength;

    /** @return false when the bytes are not a well-formed compound packet; nothing is then readable */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (!NetworkOrder.inBounds(buf, off, len) || len < HEADER_LENGTH) {
            return false;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < HEADER_LENGTH || (buf[p] & 0xC0) != 0x80) {
                return false;
            }
            int packetLen = 4 * (NetworkOrder.uint16(buf, p + 2) + 1);
            if (packetLen > end - p) {
                return false;
            }
            if ((buf[p] & 0x20) != 0) {
                int padding = buf[p + packetLen - 1] & 0xFF;
                if (padding == 0 || padding > packetLen - HEADER_LENGTH) {
                    return false;
                }
            }
            p += packetLen;
        }
        this.buf = buf;
        this.end = end;
        this.next = off;
        this.packetOffset = off;
        this.packetLength = 0;
        return true;
    }

    /** Moves to the next packet and says what it is. */
    public RtcpKind next() {
        if (buf == null || next >= end) {
            return RtcpKind.END;
        }
        packetOffset = next;
        int total = 4 * (NetworkOrder.uint16(buf, next + 2) + 1);
        next += total;
        int b0 = buf[packetOffset] & 0xFF;
        int padding = (b0 & 0x20) != 0 ? buf[packetOffset + total - 1] & 0xFF : 0;
        packetLength = total - padding;
        return classify(b0 & 0x1F, packetType());
    }

    private RtcpKind classify(int count, int type) {
        int off = packetOffset;
        int len = packetLength;
        switch (type) {
            case RtcpPacketType.SR:
                return senderReport.wrap(buf, off, len, count) ? RtcpKind.SENDER_REPORT : RtcpKind.MALFORMED;
            case RtcpPacketType.RR:
                return receiverReport.wrap(buf, off, len, count) ? RtcpKind.RECEIVER_REPORT : RtcpKind.MALFORMED;
            case RtcpPacketType.SDES:
                return sdes.wrap(buf, off, len, count) ? RtcpKind.SDES : RtcpKind.MALFORMED;
            case RtcpPacketType.BYE:
                return bye.wrap(buf, off, len, count) ? RtcpKind.BYE : RtcpKind.MALFORMED;
            case RtcpPacketType.RTPFB:
                if (count == RtcpPacketType.FMT_NACK) {
                    return nack.wrap(buf, off, len) ? RtcpKind.NACK : RtcpKind.MALFORMED;
                }
                if (count == RtcpPacketType.FMT_TRANSPORT_CC) {
                    return transportCc.wrap(buf, off, len) ? RtcpKind.TRANSPORT_CC : RtcpKind.MALFORMED;
                }
                return RtcpKind.OTHER;
            case RtcpPacketType.PSFB:
                return classifyPayloadSpecific(count, off, len);
            default:
                return RtcpKind.OTHER;
        }
    }

    private RtcpKind classifyPayloadSpecific(int format, int off, int len) {
        if (format == RtcpPacketType.FMT_PLI) {
            return pli.wrap(buf, off, len) ? RtcpKind.PLI : RtcpKind.MALFORMED;
        }
        if (format == RtcpPacketType.FMT_FIR) {
            return fir.wrap(buf, off, len) ? RtcpKind.FIR : RtcpKind.MALFORMED;
        }
        if (format == RtcpPacketType.FMT_AFB && Remb.hasIdentifier(buf, off, len)) {
            return remb.wrap(buf, off, len) ? RtcpKind.REMB : RtcpKind.MALFORMED;
        }
        return RtcpKind.OTHER;
    }

    /** The current packet's type byte (200 for SR...). */
    public int packetType() {
        return buf[packetOffset + 1] & 0xFF;
    }

    /** The current packet's 5-bit count or feedback format field. */
    public int countOrFormat() {
        return buf[packetOffset] & 0x1F;
    }

    /** Absolute offset of the current packet in the wrapped buffer. */
    public int packetOffset() {
        return packetOffset;
    }

    /** Length of the current packet without its padding. */
    public int packetLength() {
        return packetLength;
    }

    public SenderReport senderReport() {
        return senderReport;
    }

    public ReceiverReport receiverReport() {
        return receiverReport;
    }

    public SdesPacket sdes() {
        return sdes;
    }

    public ByePacket bye() {
        return bye;
    }

    public GenericNack nack() {
        return nack;
    }

    public PictureLossIndication pli() {
        return pli;
    }

    public FullIntraRequest fir() {
        return fir;
    }

    public Remb remb() {
        return remb;
    }

    public TransportCcFeedback transportCc() {
        return transportCc;
    }
}

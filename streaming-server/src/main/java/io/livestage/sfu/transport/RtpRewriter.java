package io.livestage.sfu.transport;

import io.livestage.sfu.rtp.NetworkOrder;
import io.livestage.sfu.rtp.RtpPacket;
import io.livestage.sfu.sdp.AnsweredSection;
import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.RtpCodec;
import io.livestage.sfu.sdp.SubscriberSection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites a copy of a publisher's RTP header for one subscriber's m-section: payload type and
 * header extension ids as the subscriber's offer numbered them, the MID extension naming the
 * subscriber's section, and extensions the subscriber did not accept blanked to padding
 * (RFC 8285: zero bytes between elements are padding). It notes where the transport-wide
 * sequence number and abs-send-time sit, which the send stage then overwrites with our own. Tables are built once per consumer, so
 * the per-packet work is a few array lookups, in place, without allocation.
 */
final class RtpRewriter {
    private static final int DROP = -1;

    private final int[] payloadTypes = new int[128];
    /** Publisher extension id to subscriber id; 0 blanks the element. */
    private final int[] extensionIds = new int[256];
    private final int publisherMidId;
    private final int publisherTransportCcId;
    private final int publisherAbsSendTimeId;
    private final byte[] mid;
    /** Where the last rewritten packet carries the elements its send stage fills in, or -1. */
    private int transportSequenceAt;
    private int absSendTimeAt;

    RtpRewriter(SubscriberSection section, AnsweredSection answered) {
        Arrays.fill(payloadTypes, DROP);
        for (RtpCodec codec : section.track().codecs()) {
            int ours = section.payloadType(codec.payloadType());
            if (ours >= 0 && answered.codec(ours) != null) {
                payloadTypes[codec.payloadType()] = ours;
            }
        }
        int midId = -1;
        int transportCcId = -1;
        int absSendTimeId = -1;
        for (HeaderExtension extension : section.track().extensions()) {
            int ours = section.extensionId(extension.id());
            boolean kept = ours > 0 && answered.extensionId(extension.uri()) == ours;
            extensionIds[extension.id()] = kept ? ours : 0;
            if (!kept) {
                continue;
            }
            switch (extension.uri()) {
                case HeaderExtension.MID -> midId = extension.id();
                case HeaderExtension.TRANSPORT_CC -> transportCcId = extension.id();
                case HeaderExtension.ABS_SEND_TIME -> absSendTimeId = extension.id();
                default -> { }
            }
        }
        this.publisherMidId = midId;
        this.publisherTransportCcId = transportCcId;
        this.publisherAbsSendTimeId = absSendTimeId;
        this.mid = section.mid().getBytes(StandardCharsets.US_ASCII);
    }

    /** Rewrites the packet in place; false when the subscriber cannot take its payload type. */
    boolean apply(byte[] buf, int off, RtpPacket view) {
        transportSequenceAt = -1;
        absSendTimeAt = -1;
        int payloadType = payloadTypes[view.payloadType()];
        if (payloadType == DROP) {
            return false;
        }
        if (payloadType != view.payloadType()) {
            buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | payloadType);
        }
        if (view.hasExtension()) {
            rewriteExtensions(buf, off + RtpPacket.FIXED_HEADER_LENGTH + 4 * view.csrcCount(), view.extensionProfile());
        }
        return true;
    }

    /** Offset of the transport-wide sequence number in the last packet rewritten, or -1 when it has none. */
    int transportSequenceAt() {
        return transportSequenceAt;
    }

    /** Offset of the abs-send-time value in the last packet rewritten, or -1 when it has none. */
    int absSendTimeAt() {
        return absSendTimeAt;
    }

    private void rewriteExtensions(byte[] buf, int block, int profile) {
        boolean oneByte = profile == RtpPacket.ONE_BYTE_EXTENSION_PROFILE;
        if (!oneByte && (profile & 0xFFF0) != RtpPacket.TWO_BYTE_EXTENSION_PROFILE) {
            return;
        }
        int at = block + 4;
        int end = at + 4 * NetworkOrder.uint16(buf, block + 2);
        while (at < end) {
            int id = oneByte ? (buf[at] & 0xF0) >>> 4 : buf[at] & 0xFF;
            if (id == 0) {
                at++;
                continue;
            }
            if (oneByte && id == 15) {
                return;
            }
            int headerLength = oneByte ? 1 : 2;
            if (at + headerLength > end) {
                // A two-byte element cut off after its id: its length byte would be past the block.
                return;
            }
            int length = oneByte ? (buf[at] & 0x0F) + 1 : buf[at + 1] & 0xFF;
            if (at + headerLength + length > end) {
                return;
            }
            int ours = extensionIds[id];
            boolean transportCc = id == publisherTransportCcId && length == 2;
            boolean absSendTime = !transportCc && id == publisherAbsSendTimeId && length == 3;
            // We stamp one transport-wide sequence number and one send time per packet; a repeated or
            // wrong-sized element of either would carry the publisher's value to the subscriber.
            boolean unstamped = (id == publisherTransportCcId || id == publisherAbsSendTimeId)
                    && !(transportCc ? transportSequenceAt < 0 : absSendTime && absSendTimeAt < 0);
            if (ours == 0 || unstamped || (id == publisherMidId && length != mid.length)) {
                // Blank the whole element: receivers skip zero bytes as padding.
                Arrays.fill(buf, at, at + headerLength + length, (byte) 0);
            } else {
                buf[at] = oneByte ? (byte) ((ours << 4) | (buf[at] & 0x0F)) : (byte) ours;
                if (id == publisherMidId) {
                    System.arraycopy(mid, 0, buf, at + headerLength, length);
                } else if (transportCc) {
                    transportSequenceAt = at + headerLength;
                } else if (absSendTime) {
                    absSendTimeAt = at + headerLength;
                }
            }
            at += headerLength + length;
        }
    }
}

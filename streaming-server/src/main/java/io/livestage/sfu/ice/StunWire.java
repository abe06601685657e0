package io.livestage.sfu.ice;

import org.ice4j.StunException;
import org.ice4j.attribute.AttributeDecoder;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;

/**
 * The few byte-level checks ice4j's decoder does not expose: finding where MESSAGE-INTEGRITY
 * and FINGERPRINT sit (their checks cover the bytes before them, with the header length
 * adjusted) and peeking the USERNAME for routing. Attribute values are decoded by ice4j.
 */
final class StunWire {

    static final int HEADER_LENGTH = 20;
    static final int ATTRIBUTE_HEADER_LENGTH = 4;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS_RESPONSE = 0x0101;
    static final int BINDING_ERROR_RESPONSE = 0x0111;
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int ATTR_PRIORITY = 0x0024;
    static final int INTEGRITY_LENGTH = 20;
    static final int FINGERPRINT_LENGTH = 4;

    private StunWire() {
    }

    /** True when the header is RFC 5389 shaped and its length field covers exactly the datagram. */
    static boolean wellFormedHeader(byte[] buf, int off, int len) {
        if (len < HEADER_LENGTH || (buf[off] & 0xC0) != 0) {
            return false;
        }
        int bodyLength = u16(buf, off + 2);
        return (bodyLength & 3) == 0 && bodyLength + HEADER_LENGTH == len && u32(buf, off + 4) == MAGIC_COOKIE;
    }

    /** True when the attributes tile the body exactly (each padded to 4 bytes). */
    static boolean attributesWellFormed(byte[] buf, int off, int len) {
        int pos = off + HEADER_LENGTH;
        int end = off + len;
        while (pos < end) {
            if (pos + ATTRIBUTE_HEADER_LENGTH > end) {
                return false;
            }
            pos += ATTRIBUTE_HEADER_LENGTH + ((u16(buf, pos + 2) + 3) & ~3);
        }
        return pos == end;
    }

    /**
     * True when ice4j reads each attribute of {@code message} (a whole message from index 0) with the
     * length the wire declares. Its decoder steps over an attribute by the length it decoded, so a
     * PRIORITY declared 14 bytes long makes it read an attribute hidden inside that value.
     */
    static boolean decodedAsFramed(byte[] message) throws StunException {
        int pos = HEADER_LENGTH;
        while (pos < message.length) {
            int declared = u16(message, pos + 2);
            if (AttributeDecoder.decode(message, pos, message.length - pos).getDataLength() != declared) {
                return false;
            }
            pos += ATTRIBUTE_HEADER_LENGTH + ((declared + 3) & ~3);
        }
        return true;
    }

    static int messageType(byte[] buf, int off) {
        return u16(buf, off);
    }

    /**
     * Offset (absolute) of the first attribute of the given type, or -1. Returns -1 too when an
     * attribute overruns the message, so callers can treat that as malformed.
     */
    static int findAttribute(byte[] buf, int off, int len, int type) {
        int pos = off + HEADER_LENGTH;
        int end = off + len;
        while (pos + ATTRIBUTE_HEADER_LENGTH <= end) {
            int attrType = u16(buf, pos);
            int attrLength = u16(buf, pos + 2);
            if (pos + ATTRIBUTE_HEADER_LENGTH + attrLength > end) {
                return -1;
            }
            if (attrType == type) {
                return pos;
            }
            pos += ATTRIBUTE_HEADER_LENGTH + ((attrLength + 3) & ~3);
        }
        return -1;
    }

    /**
     * Whether the walk by declared lengths (of attributes that tile the body) reaches the final
     * eight bytes as an attribute of its own: false when an earlier attribute's declared length
     * swallows what looks like a FINGERPRINT at the end (and MESSAGE-INTEGRITY before it).
     */
    static boolean fingerprintIsAnAttribute(byte[] buf, int off, int len) {
        int fp = off + len - ATTRIBUTE_HEADER_LENGTH - FINGERPRINT_LENGTH;
        int pos = off + HEADER_LENGTH;
        while (pos < fp) {
            pos += ATTRIBUTE_HEADER_LENGTH + ((u16(buf, pos + 2) + 3) & ~3);
        }
        return pos == fp;
    }

    /** RFC 5389 15.5: FINGERPRINT must be the last attribute and cover everything before it. */
    static boolean fingerprintValid(byte[] buf, int off, int len) {
        int fp = off + len - ATTRIBUTE_HEADER_LENGTH - FINGERPRINT_LENGTH;
        if (fp < off + HEADER_LENGTH || u16(buf, fp) != ATTR_FINGERPRINT || u16(buf, fp + 2) != FINGERPRINT_LENGTH) {
            return false;
        }
        byte[] crc = FingerprintAttribute.calculateXorCRC32(buf, off, fp - off);
        return regionEquals(crc, buf, fp + ATTRIBUTE_HEADER_LENGTH, FINGERPRINT_LENGTH);
    }

    /**
     * RFC 5389 15.4: the HMAC covers the message up to MESSAGE-INTEGRITY with the header length
     * pretending MESSAGE-INTEGRITY is the last attribute. The length field is patched in place and
     * restored, so no copy of the datagram is made.
     */
    static boolean integrityValid(byte[] buf, int off, int len, byte[] key) {
        int mi = findAttribute(buf, off, len, ATTR_MESSAGE_INTEGRITY);
        if (mi < 0 || u16(buf, mi + 2) != INTEGRITY_LENGTH) {
            return false;
        }
        byte lengthHigh = buf[off + 2];
        byte lengthLow = buf[off + 3];
        int coveredLength = mi - off - HEADER_LENGTH + ATTRIBUTE_HEADER_LENGTH + INTEGRITY_LENGTH;
        buf[off + 2] = (byte) (coveredLength >>> 8);
        buf[off + 3] = (byte) coveredLength;
        try {
            byte[] expected = MessageIntegrityAttribute.calculateHmacSha1(buf, off, mi - off, key);
            return constantTimeEquals(expected, buf, mi + ATTRIBUTE_HEADER_LENGTH, INTEGRITY_LENGTH);
        } finally {
            buf[off + 2] = lengthHigh;
            buf[off + 3] = lengthLow;
        }
    }

    static int u16(byte[] buf, int at) {
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    static int u32(byte[] buf, int at) {
        return (u16(buf, at) << 16) | u16(buf, at + 2);
    }

    private static boolean regionEquals(byte[] expected, byte[] buf, int at, int length) {
        if (expected.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (expected[i] != buf[at + i]) {
                return false;
            }
        }
        return true;
    }

    /** An HMAC comparison must not leak how many leading bytes matched. */
    private static boolean constantTimeEquals(byte[] expected, byte[] buf, int at, int length) {
        if (expected.length != length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= expected[i] ^ buf[at + i];
        }
        return diff == 0;
    }
}

package io.livestage.sfu.ice;

import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.stack.StunStack;

/**
 * MESSAGE-INTEGRITY keyed by an ICE password we hold. ice4j's own attribute looks the key up in
 * a {@link StunStack}'s credentials registry, which would drag in its socket stack; this one
 * lets {@code Message.encode(null)} sign with a short-term credential directly.
 */
final class ShortTermIntegrity extends MessageIntegrityAttribute {

    private final byte[] key;

    ShortTermIntegrity(byte[] key) {
        this.key = key.clone();
    }

    /** ice4j hands us the message up to this attribute, with the header length already covering it. */
    @Override
    public byte[] encode(StunStack ignored, byte[] content, int offset, int length) {
        byte[] hmac = calculateHmacSha1(content, offset, length, key);
        byte[] encoded = new byte[StunWire.ATTRIBUTE_HEADER_LENGTH + StunWire.INTEGRITY_LENGTH];
        encoded[0] = (byte) (StunWire.ATTR_MESSAGE_INTEGRITY >>> 8);
        encoded[1] = (byte) StunWire.ATTR_MESSAGE_INTEGRITY;
        encoded[3] = (byte) StunWire.INTEGRITY_LENGTH;
        System.arraycopy(hmac, 0, encoded, StunWire.ATTRIBUTE_HEADER_LENGTH, StunWire.INTEGRITY_LENGTH);
        return encoded;
    }
}

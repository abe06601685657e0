package io.livestage.sfu.ice;

/**
 * A STUN transaction id (RFC 5389: the 96 bits after the magic cookie) as a map key: the responses
 * to our own checks carry no USERNAME, so the media port finds their transport by this id.
 */
public record StunTransactionId(long high, int low) {

    static final int LENGTH = 12;
    /** Where the id starts in a STUN header: after type, length and magic cookie. */
    private static final int OFFSET_IN_HEADER = StunWire.HEADER_LENGTH - LENGTH;

    /** The id of the message at {@code off}, whose header the caller has found well formed. */
    public static StunTransactionId ofMessage(byte[] buf, int off) {
        return read(buf, off + OFFSET_IN_HEADER);
    }

    /** The id from its 12 bytes. */
    static StunTransactionId of(byte[] transactionId) {
        if (transactionId.length != LENGTH) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes, not " + transactionId.length);
        }
        return read(transactionId, 0);
    }

    private static StunTransactionId read(byte[] buf, int at) {
        long high = ((long) StunWire.u32(buf, at) << 32) | (StunWire.u32(buf, at + 4) & 0xFFFFFFFFL);
        return new StunTransactionId(high, StunWire.u32(buf, at + 8));
    }
}

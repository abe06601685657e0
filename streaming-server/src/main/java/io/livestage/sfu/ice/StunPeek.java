package io.livestage.sfu.ice;

/**
 * Cheap look into a raw STUN request before full verification, so the UDP server can route it
 * to the transport that owns the local ufrag (RFC 8445: USERNAME is "receiverUfrag:senderUfrag").
 */
public final class StunPeek {

    private StunPeek() {
    }

    /**
     * The local (receiver's) ufrag from a Binding request's USERNAME, or null when the packet is
     * not a well-formed STUN message carrying "ufrag:ufrag". Nothing is authenticated here.
     */
    public static String localUfrag(byte[] buf, int off, int len) {
        if (!StunWire.wellFormedHeader(buf, off, len)) {
            return null;
        }
        int at = StunWire.findAttribute(buf, off, len, StunWire.ATTR_USERNAME);
        if (at < 0) {
            return null;
        }
        int start = at + StunWire.ATTRIBUTE_HEADER_LENGTH;
        int end = start + StunWire.u16(buf, at + 2);
        for (int i = start; i < end; i++) {
            if (buf[i] == ':') {
                return i == start ? null : new String(buf, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /**
     * True for a well-formed Binding response, success or error: the answer to one of our own
     * checks, routed by its transaction id rather than a USERNAME (responses carry none).
     */
    public static boolean isBindingResponse(byte[] buf, int off, int len) {
        if (!StunWire.wellFormedHeader(buf, off, len)) {
            return false;
        }
        int type = StunWire.messageType(buf, off);
        return type == StunWire.BINDING_SUCCESS_RESPONSE || type == StunWire.BINDING_ERROR_RESPONSE;
    }

    /**
     * True when the request's USERNAME starts with {@code prefix} (our ufrag and the colon, as
     * bytes): tells which of a transport's credential generations a check is meant for.
     */
    public static boolean usernameStartsWith(byte[] buf, int off, int len, byte[] prefix) {
        if (!StunWire.wellFormedHeader(buf, off, len)) {
            return false;
        }
        int at = StunWire.findAttribute(buf, off, len, StunWire.ATTR_USERNAME);
        if (at < 0 || StunWire.u16(buf, at + 2) <= prefix.length) {
            return false;
        }
        int start = at + StunWire.ATTRIBUTE_HEADER_LENGTH;
        return java.util.Arrays.equals(buf, start, start + prefix.length, prefix, 0, prefix.length);
    }
}

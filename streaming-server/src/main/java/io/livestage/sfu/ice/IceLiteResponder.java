package io.livestage.sfu.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Response;

/**
 * The answering side of connectivity checks (RFC 8445 section 7.3) for one transport: verifies a
 * Binding request against our credentials and answers it with XOR-MAPPED-ADDRESS,
 * MESSAGE-INTEGRITY (our ice-pwd) and FINGERPRINT. The SFU, ICE-lite and so always controlled,
 * answers its peers' checks; the Java WebRTC client, controlling, answers the SFU's consent checks
 * with {@link #forControllingAgent}. Holds no mutable state, so any thread may call it.
 */
public final class IceLiteResponder {

    private final IceCredentials local;
    private final IceCredentials remote;
    private final byte[] expectedUsername;
    private final byte[] localKey;
    /** The role attribute that says the checking peer claims our own role. */
    private final char conflictingRole;

    /** Answers as the ICE-lite (controlled) agent: a check claiming ICE-CONTROLLED too is refused. */
    public IceLiteResponder(IceCredentials local, IceCredentials remote) {
        this(local, remote, Attribute.ICE_CONTROLLED);
    }

    private IceLiteResponder(IceCredentials local, IceCredentials remote, char conflictingRole) {
        this.conflictingRole = conflictingRole;
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.expectedUsername = (local.ufrag() + ":" + remote.ufrag()).getBytes(StandardCharsets.UTF_8);
        this.localKey = local.pwd().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Answers as the controlling agent, whose peer checks as controlled: a check claiming
     * ICE-CONTROLLING too is refused.
     */
    public static IceLiteResponder forControllingAgent(IceCredentials local, IceCredentials remote) {
        return new IceLiteResponder(local, remote, Attribute.ICE_CONTROLLING);
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public IceCredentials remoteCredentials() {
        return remote;
    }

    /**
     * Checks one datagram received from {@code source}. Cheap checks run first (header, type,
     * fingerprint, username) so garbage costs no HMAC and no decoding.
     */
    public BindingOutcome respond(byte[] buf, int off, int len, InetSocketAddress source) {
        if (!StunWire.wellFormedHeader(buf, off, len) || !StunWire.attributesWellFormed(buf, off, len)) {
            return BindingOutcome.Rejected.of(StunRejection.MALFORMED);
        }
        if (StunWire.messageType(buf, off) != StunWire.BINDING_REQUEST) {
            return BindingOutcome.Rejected.of(StunRejection.NOT_A_BINDING_REQUEST);
        }
        if (!StunWire.fingerprintValid(buf, off, len)) {
            return BindingOutcome.Rejected.of(StunRejection.BAD_FINGERPRINT);
        }
        if (!StunWire.fingerprintIsAnAttribute(buf, off, len)) {
            // Found by StunFuzzTest#authenticatedCheck: an attribute declared long enough to cover
            // MESSAGE-INTEGRITY and FINGERPRINT; the walk finds neither, so the check is malformed.
            return BindingOutcome.Rejected.of(StunRejection.MALFORMED);
        }
        if (!usernameMatches(buf, off, len)) {
            return BindingOutcome.Rejected.of(StunRejection.UNKNOWN_UFRAG);
        }
        if (!StunWire.integrityValid(buf, off, len, localKey)) {
            return BindingOutcome.Rejected.of(StunRejection.BAD_INTEGRITY);
        }
        Message request;
        try {
            // ice4j's decoder assumes the message starts at index 0 of the array.
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            if (!StunWire.decodedAsFramed(copy)) {
                return BindingOutcome.Rejected.of(StunRejection.MALFORMED);
            }
            request = Message.decode(copy, 0, len);
        } catch (StunException | RuntimeException e) {
            return BindingOutcome.Rejected.of(StunRejection.MALFORMED);
        }
        if (request.containsAttribute(conflictingRole)) {
            return BindingOutcome.Rejected.of(StunRejection.ROLE_CONFLICT);
        }
        boolean useCandidate = request.containsAttribute(Attribute.USE_CANDIDATE);
        byte[] response = encodeResponse(request, source);
        return new BindingOutcome.Accepted(response, source, useCandidate, priority(buf, off, len));
    }

    /**
     * The first PRIORITY's value, unsigned (RFC 5389 15: of repeated attributes only the first counts;
     * ice4j keeps the last, found by StunFuzzTest#authenticatedCheck, and sign-extends the value); 0
     * without one. Its length is 4 in any check that got this far ({@link StunWire#decodedAsFramed}).
     */
    private static long priority(byte[] buf, int off, int len) {
        int at = StunWire.findAttribute(buf, off, len, StunWire.ATTR_PRIORITY);
        return at < 0 ? 0 : StunWire.u32(buf, at + StunWire.ATTRIBUTE_HEADER_LENGTH) & 0xFFFF_FFFFL;
    }

    private boolean usernameMatches(byte[] buf, int off, int len) {
        int at = StunWire.findAttribute(buf, off, len, StunWire.ATTR_USERNAME);
        if (at < 0 || StunWire.u16(buf, at + 2) != expectedUsername.length) {
            return false;
        }
        int start = at + StunWire.ATTRIBUTE_HEADER_LENGTH;
        return Arrays.equals(buf, start, start + expectedUsername.length, expectedUsername, 0, expectedUsername.length);
    }

    private byte[] encodeResponse(Message request, InetSocketAddress source) {
        TransportAddress mapped = new TransportAddress(source, Transport.UDP);
        Response response = MessageFactory.createBindingResponse(
                (org.ice4j.message.Request) request, mapped);
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (StunException e) {
            throw new IllegalStateException("a decoded transaction id is always valid", e);
        }
        response.putAttribute(new ShortTermIntegrity(localKey));
        response.putAttribute(AttributeFactory.createFingerprintAttribute());
        return response.encode(null);
    }
}

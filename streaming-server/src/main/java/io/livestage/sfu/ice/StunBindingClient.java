package io.livestage.sfu.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;

/**
 * The sending side of connectivity checks: builds Binding requests (USERNAME, PRIORITY,
 * ICE-CONTROLLING or ICE-CONTROLLED, optional USE-CANDIDATE, MESSAGE-INTEGRITY with the remote
 * password, FINGERPRINT) and verifies their responses. The Java WebRTC client and tests check as
 * the controlling agent; the SFU checks as the controlled one when it asks a new peer address for
 * its consent (RFC 7675) before sending media there.
 */
public final class StunBindingClient {

    private static final int TRANSACTION_ID_LENGTH = 12;

    private final byte[] username;
    private final byte[] remoteKey;
    private final long tieBreaker;
    private final boolean controlling;
    private final SecureRandom random;

    /** Checks as the controlling agent (a full ICE agent toward an ICE-lite server). */
    public StunBindingClient(IceCredentials local, IceCredentials remote, SecureRandom random) {
        this(local, remote, random, true);
    }

    private StunBindingClient(IceCredentials local, IceCredentials remote, SecureRandom random, boolean controlling) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        this.random = Objects.requireNonNull(random, "random");
        // RFC 8445 7.2.2: USERNAME is "receiverUfrag:senderUfrag", keyed with the receiver's password.
        this.username = (remote.ufrag() + ":" + local.ufrag()).getBytes(StandardCharsets.UTF_8);
        this.remoteKey = remote.pwd().getBytes(StandardCharsets.UTF_8);
        this.tieBreaker = random.nextLong() & Long.MAX_VALUE;
        this.controlling = controlling;
    }

    /** Checks as the controlled agent: the SFU's consent checks toward its controlling peer. */
    public static StunBindingClient controlled(IceCredentials local, IceCredentials remote, SecureRandom random) {
        return new StunBindingClient(local, remote, random, false);
    }

    /** A fresh request with a random transaction id; {@code nominate} adds USE-CANDIDATE (controlling only). */
    public BindingRequest newRequest(long priority, boolean nominate) {
        byte[] transactionId = new byte[TRANSACTION_ID_LENGTH];
        random.nextBytes(transactionId);
        try {
            Request request = MessageFactory.createBindingRequest(priority, controlling, tieBreaker);
            request.setTransactionID(transactionId);
            request.putAttribute(AttributeFactory.createUsernameAttribute(username));
            if (nominate) {
                request.putAttribute(AttributeFactory.createUseCandidateAttribute());
            }
            request.putAttribute(new ShortTermIntegrity(remoteKey));
            request.putAttribute(AttributeFactory.createFingerprintAttribute());
            return new BindingRequest(request.encode(null), transactionId);
        } catch (StunException e) {
            throw new IllegalArgumentException("cannot build a Binding request: " + e.getMessage(), e);
        }
    }

    /** Verifies a response to the request with {@code transactionId}. */
    public BindingResponseCheck checkResponse(byte[] buf, int off, int len, byte[] transactionId) {
        if (!StunWire.wellFormedHeader(buf, off, len) || !StunWire.attributesWellFormed(buf, off, len)) {
            return BindingResponseCheck.rejected(StunRejection.MALFORMED);
        }
        if (StunWire.messageType(buf, off) != StunWire.BINDING_SUCCESS_RESPONSE) {
            return BindingResponseCheck.rejected(StunRejection.NOT_A_BINDING_RESPONSE);
        }
        int tidAt = off + StunWire.HEADER_LENGTH - TRANSACTION_ID_LENGTH;
        if (!Arrays.equals(buf, tidAt, tidAt + TRANSACTION_ID_LENGTH, transactionId, 0, transactionId.length)) {
            return BindingResponseCheck.rejected(StunRejection.UNKNOWN_TRANSACTION);
        }
        if (!StunWire.fingerprintValid(buf, off, len)) {
            return BindingResponseCheck.rejected(StunRejection.BAD_FINGERPRINT);
        }
        if (!StunWire.integrityValid(buf, off, len, remoteKey)) {
            return BindingResponseCheck.rejected(StunRejection.BAD_INTEGRITY);
        }
        try {
            Message response = Message.decode(Arrays.copyOfRange(buf, off, off + len), 0, len);
            XorMappedAddressAttribute mapped =
                    (XorMappedAddressAttribute) response.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
            if (mapped == null) {
                return BindingResponseCheck.rejected(StunRejection.MALFORMED);
            }
            return BindingResponseCheck.success(mapped.getAddress(transactionId));
        } catch (StunException | RuntimeException e) {
            return BindingResponseCheck.rejected(StunRejection.MALFORMED);
        }
    }
}

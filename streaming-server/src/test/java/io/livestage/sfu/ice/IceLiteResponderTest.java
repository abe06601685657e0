package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

class IceLiteResponderTest {

    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.7", 40123);
    private static final IceCredentials RFC_PEER = new IceCredentials(
            Rfc5769Vectors.REQUEST_SENDER_UFRAG, "peerPasswordThatIsLongEnough");
    private static final IceCredentials RFC_LOCAL = new IceCredentials(
            Rfc5769Vectors.REQUEST_RECEIVER_UFRAG, Rfc5769Vectors.PASSWORD);

    private final SecureRandom random = new SecureRandom();
    private final IceCredentials server = IceCredentials.random(random);
    private final IceCredentials browser = IceCredentials.random(random);

    private static StunRejection rejection(BindingOutcome outcome) {
        return assertInstanceOf(BindingOutcome.Rejected.class, outcome).reason();
    }

    @Test
    void rfc5769RequestPassesFingerprintUsernameAndIntegrityChecks() {
        byte[] request = Rfc5769Vectors.request();
        assertTrue(StunWire.fingerprintValid(request, 0, request.length));
        assertTrue(StunWire.integrityValid(request, 0, request.length,
                Rfc5769Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8)));
        assertFalse(StunWire.integrityValid(request, 0, request.length,
                "VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(Rfc5769Vectors.request(), request, "integrity check restores the buffer");

        // The sample request carries ICE-CONTROLLED: every check before the role check passed.
        BindingOutcome outcome = new IceLiteResponder(RFC_LOCAL, RFC_PEER).respond(request, 0, request.length, SOURCE);
        assertEquals(StunRejection.ROLE_CONFLICT, rejection(outcome));
    }

    @Test
    void rfc5769RequestWithWrongPasswordIsBadIntegrity() {
        byte[] request = Rfc5769Vectors.request();
        IceCredentials wrongPwd = new IceCredentials(Rfc5769Vectors.REQUEST_RECEIVER_UFRAG, "VOkJxbRl1RmTxUk/WvJxBu");
        assertEquals(StunRejection.BAD_INTEGRITY,
                rejection(new IceLiteResponder(wrongPwd, RFC_PEER).respond(request, 0, request.length, SOURCE)));
    }

    @Test
    void rfc5769RequestWithWrongUfragsIsUnknownUfrag() {
        byte[] request = Rfc5769Vectors.request();
        IceCredentials otherLocal = new IceCredentials("evtk", Rfc5769Vectors.PASSWORD);
        IceCredentials otherPeer = new IceCredentials("h6vZ", "peerPasswordThatIsLongEnough");
        assertEquals(StunRejection.UNKNOWN_UFRAG,
                rejection(new IceLiteResponder(otherLocal, RFC_PEER).respond(request, 0, request.length, SOURCE)));
        assertEquals(StunRejection.UNKNOWN_UFRAG,
                rejection(new IceLiteResponder(RFC_LOCAL, otherPeer).respond(request, 0, request.length, SOURCE)));
    }

    @Test
    void corruptedFingerprintOrBodyIsBadFingerprint() {
        IceLiteResponder responder = new IceLiteResponder(RFC_LOCAL, RFC_PEER);
        byte[] badCrc = Rfc5769Vectors.request();
        badCrc[badCrc.length - 1] ^= 0x01;
        assertEquals(StunRejection.BAD_FINGERPRINT, rejection(responder.respond(badCrc, 0, badCrc.length, SOURCE)));

        byte[] badBody = Rfc5769Vectors.request();
        badBody[30] ^= 0x01; // inside SOFTWARE: only the CRC notices
        assertEquals(StunRejection.BAD_FINGERPRINT, rejection(responder.respond(badBody, 0, badBody.length, SOURCE)));
    }

    @Test
    void garbageAndTruncationAreMalformed() {
        IceLiteResponder responder = new IceLiteResponder(server, browser);
        byte[] request = Rfc5769Vectors.request();
        assertEquals(StunRejection.MALFORMED, rejection(responder.respond(request, 0, request.length - 4, SOURCE)));
        assertEquals(StunRejection.MALFORMED, rejection(responder.respond(request, 0, 10, SOURCE)));
        byte[] badCookie = Rfc5769Vectors.request();
        badCookie[4] = 0;
        assertEquals(StunRejection.MALFORMED, rejection(responder.respond(badCookie, 0, badCookie.length, SOURCE)));
        byte[] garbage = new byte[64];
        random.nextBytes(garbage);
        garbage[0] &= 0x3F;
        assertEquals(StunRejection.MALFORMED, rejection(responder.respond(garbage, 0, garbage.length, SOURCE)));
    }

    @Test
    void responsesAndIndicationsAreNotBindingRequests() {
        IceLiteResponder responder = new IceLiteResponder(server, browser);
        byte[] response = Rfc5769Vectors.ipv4Response();
        assertEquals(StunRejection.NOT_A_BINDING_REQUEST,
                rejection(responder.respond(response, 0, response.length, SOURCE)));
        byte[] indication = Rfc5769Vectors.request();
        indication[1] = 0x11; // Binding indication
        assertEquals(StunRejection.NOT_A_BINDING_REQUEST,
                rejection(responder.respond(indication, 0, indication.length, SOURCE)));
    }

    @Test
    void answersAClientCheckWithASignedXorMappedAddress() throws Exception {
        StunBindingClient client = new StunBindingClient(browser, server, random);
        IceLiteResponder responder = new IceLiteResponder(server, browser);
        BindingRequest request = client.newRequest(0x6e0001ffL, false);

        BindingOutcome.Accepted accepted = assertInstanceOf(BindingOutcome.Accepted.class,
                responder.respond(request.bytes(), 0, request.bytes().length, SOURCE));
        assertFalse(accepted.useCandidate());
        assertEquals(0x6e0001ffL, accepted.priority());
        assertEquals(SOURCE, accepted.source());

        byte[] response = accepted.response();
        Message decoded = Message.decode(response, 0, response.length);
        assertEquals(Message.BINDING_SUCCESS_RESPONSE, decoded.getMessageType());
        assertArrayEquals(request.transactionId(), decoded.getTransactionID());
        XorMappedAddressAttribute mapped =
                (XorMappedAddressAttribute) decoded.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        assertNotNull(mapped);
        assertEquals(SOURCE, new InetSocketAddress(mapped.getAddress(request.transactionId()).getAddress(),
                mapped.getAddress(request.transactionId()).getPort()));
        List<Attribute> attributes = decoded.getAttributes();
        assertEquals(Attribute.FINGERPRINT, attributes.get(attributes.size() - 1).getAttributeType());
        assertEquals(Attribute.MESSAGE_INTEGRITY, attributes.get(attributes.size() - 2).getAttributeType());
        assertTrue(StunWire.fingerprintValid(response, 0, response.length));
        assertTrue(StunWire.integrityValid(response, 0, response.length,
                server.pwd().getBytes(StandardCharsets.UTF_8)));

        BindingResponseCheck check = client.checkResponse(response, 0, response.length, request.transactionId());
        assertTrue(check.isSuccess(), () -> "rejected: " + check.rejection());
        assertEquals(SOURCE, check.mappedAddress());
    }

    @Test
    void reportsNominationFromAnIpv6SourceAtAnOffset() {
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 5000);
        StunBindingClient client = new StunBindingClient(browser, server, random);
        BindingRequest request = client.newRequest(1234, true);
        byte[] datagram = new byte[request.bytes().length + 37];
        System.arraycopy(request.bytes(), 0, datagram, 37, request.bytes().length);

        BindingOutcome.Accepted accepted = assertInstanceOf(BindingOutcome.Accepted.class,
                new IceLiteResponder(server, browser).respond(datagram, 37, request.bytes().length, v6));
        assertTrue(accepted.useCandidate());
        BindingResponseCheck check =
                client.checkResponse(accepted.response(), 0, accepted.response().length, request.transactionId());
        assertEquals(v6, check.mappedAddress());
    }

    @Test
    void aRequestForAnotherTransportIsRefused() {
        StunBindingClient client = new StunBindingClient(browser, server, random);
        BindingRequest request = client.newRequest(1, true);
        IceCredentials otherServer = IceCredentials.random(random);
        assertEquals(StunRejection.UNKNOWN_UFRAG, rejection(new IceLiteResponder(otherServer, browser)
                .respond(request.bytes(), 0, request.bytes().length, SOURCE)));
        IceCredentials samUfragOtherPwd = new IceCredentials(server.ufrag(), IceCredentials.random(random).pwd());
        assertEquals(StunRejection.BAD_INTEGRITY, rejection(new IceLiteResponder(samUfragOtherPwd, browser)
                .respond(request.bytes(), 0, request.bytes().length, SOURCE)));
    }

    @Test
    void peekFindsTheLocalUfragWithoutVerifying() {
        byte[] request = Rfc5769Vectors.request();
        assertEquals("evtj", StunPeek.localUfrag(request, 0, request.length));
        byte[] shifted = new byte[request.length + 5];
        System.arraycopy(request, 0, shifted, 5, request.length);
        assertEquals("evtj", StunPeek.localUfrag(shifted, 5, request.length));
        assertEquals(null, StunPeek.localUfrag(Rfc5769Vectors.ipv4Response(), 0, Rfc5769Vectors.ipv4Response().length));
        assertEquals(null, StunPeek.localUfrag(request, 0, 19));

        BindingRequest ours = new StunBindingClient(browser, server, random).newRequest(1, false);
        assertEquals(server.ufrag(), StunPeek.localUfrag(ours.bytes(), 0, ours.bytes().length));
    }
}

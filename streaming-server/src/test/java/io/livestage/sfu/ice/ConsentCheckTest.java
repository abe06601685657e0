package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.ice4j.attribute.FingerprintAttribute;
import org.junit.jupiter.api.Test;

/** The SFU's own check to a peer address (RFC 7675 consent), and the peer's answer to it. */
class ConsentCheckTest {
    private static final IceCredentials OURS = new IceCredentials("sfuU", "sfuPasswordLongEnough123");
    private static final IceCredentials PEER = new IceCredentials("peer", "peerPasswordLongEnough12");
    private static final InetSocketAddress SFU = new InetSocketAddress("127.0.0.1", 10000);

    private final ConsentCheck check = new ConsentCheck(OURS, PEER);

    @Test
    void isASignedControlledBindingRequestNamingThePeerFirst() {
        byte[] bytes = check.bytes();
        assertEquals(StunWire.BINDING_REQUEST, StunWire.messageType(bytes, 0));
        assertTrue(StunWire.fingerprintValid(bytes, 0, bytes.length));
        assertTrue(StunWire.integrityValid(bytes, 0, bytes.length, PEER.pwd().getBytes(StandardCharsets.UTF_8)),
                "MESSAGE-INTEGRITY keyed with the peer's password");
        int username = StunWire.findAttribute(bytes, 0, bytes.length, StunWire.ATTR_USERNAME);
        byte[] expected = "peer:sfuU".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, username + 4, username + 4 + expected.length));
        assertTrue(StunWire.findAttribute(bytes, 0, bytes.length, 0x8029) > 0, "ICE-CONTROLLED");
        assertEquals(-1, StunWire.findAttribute(bytes, 0, bytes.length, 0x0025), "no USE-CANDIDATE");
        assertEquals(check.id(), StunTransactionId.ofMessage(bytes, 0));
        assertFalse(StunPeek.isBindingResponse(bytes, 0, bytes.length));
    }

    @Test
    void aControllingPeerAnswersItAndTheAnswerVerifies() {
        byte[] bytes = check.bytes();
        BindingOutcome outcome = IceLiteResponder.forControllingAgent(PEER, OURS).respond(bytes, 0, bytes.length, SFU);
        byte[] answer = assertInstanceOf(BindingOutcome.Accepted.class, outcome).response();
        assertTrue(StunPeek.isBindingResponse(answer, 0, answer.length));
        assertEquals(check.id(), StunTransactionId.ofMessage(answer, 0), "routed back by its transaction id");
        assertTrue(check.verify(answer, 0, answer.length).isSuccess());

        BindingOutcome impostor = IceLiteResponder.forControllingAgent(new IceCredentials("peer", "someoneElsesPassword12"),
                OURS).respond(bytes, 0, bytes.length, SFU);
        assertEquals(StunRejection.BAD_INTEGRITY, assertInstanceOf(BindingOutcome.Rejected.class, impostor).reason(),
                "only the peer, who knows its password, can answer");
    }

    @Test
    void anAnswerToAnotherCheckOrNotSignedByThePeerProvesNothing() {
        byte[] answerToOther = answer(new ConsentCheck(OURS, PEER).bytes(), PEER);
        assertEquals(StunRejection.UNKNOWN_TRANSACTION, check.verify(answerToOther, 0, answerToOther.length).rejection());

        byte[] forged = answer(check.bytes(), PEER);
        int mi = StunWire.findAttribute(forged, 0, forged.length, StunWire.ATTR_MESSAGE_INTEGRITY);
        forged[mi + 4] ^= 1;
        int fingerprint = forged.length - 8;
        System.arraycopy(FingerprintAttribute.calculateXorCRC32(forged, 0, fingerprint), 0, forged, fingerprint + 4, 4);
        assertEquals(StunRejection.BAD_INTEGRITY, check.verify(forged, 0, forged.length).rejection(),
                "a well-formed answer with our transaction id, but not keyed with the peer's password");
    }

    @Test
    void eachSideRefusesACheckClaimingItsOwnRole() {
        byte[] controlled = check.bytes();
        BindingOutcome lite = new IceLiteResponder(PEER, OURS).respond(controlled, 0, controlled.length, SFU);
        assertEquals(StunRejection.ROLE_CONFLICT, assertInstanceOf(BindingOutcome.Rejected.class, lite).reason());

        byte[] controlling = new StunBindingClient(OURS, PEER, new SecureRandom()).newRequest(1, false).bytes();
        BindingOutcome full = IceLiteResponder.forControllingAgent(PEER, OURS).respond(controlling, 0, controlling.length, SFU);
        assertEquals(StunRejection.ROLE_CONFLICT, assertInstanceOf(BindingOutcome.Rejected.class, full).reason());
    }

    @Test
    void isRetransmittedFiveTimesWithDoublingWaitsThenGivenUp() {
        long[] waits = new long[ConsentCheck.MAX_SENDS];
        for (int i = 0; i < waits.length; i++) {
            assertFalse(check.exhausted());
            waits[i] = check.sent();
        }
        assertArrayEquals(new long[] {100, 200, 400, 800, 800}, waits);
        assertTrue(check.exhausted());
        assertEquals(5, check.sends());
    }

    private static byte[] answer(byte[] request, IceCredentials peer) {
        BindingOutcome outcome = IceLiteResponder.forControllingAgent(peer, OURS).respond(request, 0, request.length, SFU);
        return assertInstanceOf(BindingOutcome.Accepted.class, outcome).response();
    }
}

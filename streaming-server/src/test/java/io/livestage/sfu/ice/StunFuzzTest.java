package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.junit.jupiter.api.Timeout;

/**
 * STUN from the network, fuzzed: the routing peek and the ICE-lite responder.
 *
 * <p>{@link #datagram} takes any bytes as a datagram: nothing throws, the buffer is left as it was
 * (the integrity check patches the length field and must restore it), and the answer does not
 * depend on where the datagram sits in the buffer. {@link #authenticatedCheck} signs whatever
 * attributes the fuzzer makes with the right password and fingerprint, so ice4j's decoder and our
 * response run on hostile attributes: the outcome is the one the attributes call for, and an
 * accepted check's response verifies on the client side with the mapped address it came from.
 */
class StunFuzzTest {
    static final IceCredentials SERVER = new IceCredentials("srvUfrag", "serverPassword0123456789");
    static final IceCredentials BROWSER = new IceCredentials("brwsr", "browserPassword012345678");
    private static final IceLiteResponder RESPONDER = new IceLiteResponder(SERVER, BROWSER);
    private static final byte[] USERNAME = (SERVER.ufrag() + ":" + BROWSER.ufrag()).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX = (SERVER.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress V4 = new InetSocketAddress("192.0.2.7", 40123);
    private static final InetSocketAddress V6 = new InetSocketAddress("2001:db8::7", 50999);
    private static final int ATTR_PRIORITY = 0x0024;
    private static final int ATTR_USE_CANDIDATE = 0x0025;
    private static final int ATTR_ICE_CONTROLLED = 0x8029;
    private static final int GUARD = 5;

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void datagram(byte[] input) {
        String ufrag = StunPeek.localUfrag(input, 0, input.length);
        if (ufrag != null) {
            assertFalse(ufrag.isEmpty());
            assertFalse(ufrag.contains(":"), "the local ufrag ends at the first colon");
        }
        boolean ours = StunPeek.usernameStartsWith(input, 0, input.length, PREFIX);
        assertTrue(!ours || SERVER.ufrag().equals(ufrag), "a USERNAME starting with our ufrag routes to us");

        byte[] exact = input.clone();
        BindingOutcome outcome = RESPONDER.respond(exact, 0, exact.length, V4);
        assertArrayEquals(input, exact, "the responder leaves the datagram as it was");

        byte[] framed = new byte[input.length + 2 * GUARD];
        Arrays.fill(framed, (byte) 0xA5);
        System.arraycopy(input, 0, framed, GUARD, input.length);
        byte[] framedBefore = framed.clone();
        BindingOutcome shifted = RESPONDER.respond(framed, GUARD, input.length, V4);
        assertArrayEquals(framedBefore, framed);
        assertSameOutcome(outcome, shifted);
        assertEquals(ufrag, StunPeek.localUfrag(framed, GUARD, input.length));
        if (outcome instanceof BindingOutcome.Accepted accepted) {
            assertVerifies(accepted, Arrays.copyOfRange(input, 8, 20), V4);
        }
    }

    /**
     * Input: 12 bytes of transaction id, one byte choosing the source address family, then the
     * attributes placed between our USERNAME and the MESSAGE-INTEGRITY and FINGERPRINT we compute.
     */
    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void authenticatedCheck(byte[] input) {
        byte[] transactionId = Arrays.copyOf(input, 12);
        InetSocketAddress source = input.length > 12 && (input[12] & 1) == 1 ? V6 : V4;
        byte[] attributes = input.length > 13 ? Arrays.copyOfRange(input, 13, input.length) : new byte[0];
        byte[] request = signedRequest(transactionId, attributes);
        byte[] before = request.clone();

        BindingOutcome outcome = RESPONDER.respond(request, 0, request.length, source);
        assertArrayEquals(before, request);
        // What the wire says, by declared lengths: a fuzzed length can swallow our MESSAGE-INTEGRITY.
        List<int[]> wire = attributes(request);
        boolean tiled = !wire.isEmpty() && wire.get(wire.size() - 1)[0] == StunWire.ATTR_FINGERPRINT
                && wire.get(wire.size() - 1)[1] == request.length - 8;
        int[] integrity = first(wire, StunWire.ATTR_MESSAGE_INTEGRITY);
        boolean ourIntegrity = integrity != null && integrity[1] == request.length - 32;
        if (outcome instanceof BindingOutcome.Rejected rejected) {
            StunRejection reason = rejected.reason();
            switch (reason) {
                case MALFORMED -> { }
                case ROLE_CONFLICT -> assertTrue(tiled && first(wire, ATTR_ICE_CONTROLLED) != null);
                case BAD_INTEGRITY -> assertTrue(tiled && !ourIntegrity,
                        "our signature is refused though no other MESSAGE-INTEGRITY comes first");
                default -> throw new AssertionError("a correctly signed check refused as " + reason);
            }
            return;
        }
        BindingOutcome.Accepted accepted = assertInstanceOf(BindingOutcome.Accepted.class, outcome);
        assertTrue(tiled && ourIntegrity);
        assertNull(first(wire, ATTR_ICE_CONTROLLED), "an ICE-lite agent never accepts a controlled peer");
        assertEquals(first(wire, ATTR_USE_CANDIDATE) != null, accepted.useCandidate());
        int[] priority = first(wire, ATTR_PRIORITY);
        if (priority != null) {
            int at = priority[1] + 4;
            assertEquals((long) (request[at] & 0xFF) << 24 | (request[at + 1] & 0xFF) << 16
                    | (request[at + 2] & 0xFF) << 8 | (request[at + 3] & 0xFF), accepted.priority(),
                    "the PRIORITY the check carried");
        }
        assertEquals(source, accepted.source());
        assertVerifies(accepted, transactionId, source);
    }

    /** The response is what the browser's agent checks: our password, its transaction, the address seen. */
    private static void assertVerifies(BindingOutcome.Accepted accepted, byte[] transactionId,
                                       InetSocketAddress source) {
        StunBindingClient browser = new StunBindingClient(BROWSER, SERVER, new java.security.SecureRandom());
        byte[] response = accepted.response();
        BindingResponseCheck check = browser.checkResponse(response, 0, response.length, transactionId);
        assertTrue(check.isSuccess(), "our response fails the client's check: " + check.rejection());
        assertEquals(source, check.mappedAddress());
    }

    private static void assertSameOutcome(BindingOutcome expected, BindingOutcome actual) {
        if (expected instanceof BindingOutcome.Accepted a) {
            BindingOutcome.Accepted b = assertInstanceOf(BindingOutcome.Accepted.class, actual);
            assertArrayEquals(a.response(), b.response());
            assertEquals(a.useCandidate(), b.useCandidate());
            assertEquals(a.priority(), b.priority());
        } else {
            assertEquals(expected, actual, "the outcome depends on where the datagram sits in the buffer");
        }
    }

    static byte[] signedRequest(byte[] transactionId, byte[] attributes) {
        int padded = (attributes.length + 3) & ~3;
        int usernamePadded = (USERNAME.length + 3) & ~3;
        int length = 4 + usernamePadded + padded + 24 + 8;
        byte[] message = new byte[StunWire.HEADER_LENGTH + length];
        put16(message, 0, StunWire.BINDING_REQUEST);
        put16(message, 2, length);
        put16(message, 4, StunWire.MAGIC_COOKIE >>> 16);
        put16(message, 6, StunWire.MAGIC_COOKIE & 0xFFFF);
        System.arraycopy(transactionId, 0, message, 8, 12);
        int p = StunWire.HEADER_LENGTH;
        put16(message, p, StunWire.ATTR_USERNAME);
        put16(message, p + 2, USERNAME.length);
        System.arraycopy(USERNAME, 0, message, p + 4, USERNAME.length);
        p += 4 + usernamePadded;
        System.arraycopy(attributes, 0, message, p, attributes.length);
        p += padded;
        // The HMAC covers the message up to MESSAGE-INTEGRITY, its length field counting MESSAGE-INTEGRITY last.
        put16(message, 2, p - StunWire.HEADER_LENGTH + 24);
        byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(message, 0, p,
                SERVER.pwd().getBytes(StandardCharsets.UTF_8));
        put16(message, 2, length);
        put16(message, p, StunWire.ATTR_MESSAGE_INTEGRITY);
        put16(message, p + 2, 20);
        System.arraycopy(hmac, 0, message, p + 4, 20);
        p += 24;
        byte[] crc = FingerprintAttribute.calculateXorCRC32(message, 0, p);
        put16(message, p, StunWire.ATTR_FINGERPRINT);
        put16(message, p + 2, 4);
        System.arraycopy(crc, 0, message, p + 4, 4);
        return message;
    }

    /** The attributes by declared length, as {type, offset, length}, while they fit the message. */
    private static List<int[]> attributes(byte[] message) {
        List<int[]> found = new ArrayList<>();
        int p = StunWire.HEADER_LENGTH;
        while (p + 4 <= message.length) {
            int length = u16(message, p + 2);
            if (p + 4 + length > message.length) {
                break;
            }
            found.add(new int[] {u16(message, p), p, length});
            p += 4 + ((length + 3) & ~3);
        }
        return found;
    }

    private static int[] first(List<int[]> attributes, int type) {
        for (int[] attribute : attributes) {
            if (attribute[0] == type) {
                return attribute;
            }
        }
        return null;
    }

    private static int u16(byte[] buf, int at) {
        int hi = at < buf.length ? buf[at] & 0xFF : 0;
        int lo = at + 1 < buf.length ? buf[at + 1] & 0xFF : 0;
        return hi << 8 | lo;
    }

    private static void put16(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 8);
        buf[at + 1] = (byte) value;
    }
}

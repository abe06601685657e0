package io.livestage.sfu.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What StunFuzzTest found in the ICE-lite responder, each fixed. */
class IceLiteResponderFuzzFindingsTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("192.0.2.7", 40123);

    /**
     * ice4j's decoder steps over an attribute by the length it decoded, not the declared one, so a
     * signed check could hide attributes inside a too-long PRIORITY that our own framing never sees
     * (here an ICE-CONTROLLED the responder then acted on).
     */
    @Test
    void anAttributeLongerThanItsTypeIsMalformedNotReadInside() {
        byte[] transactionId = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");
        byte[] priorityOf14 = HexFormat.of().parseHex("0024000e6e0001ff80290008932ff9b151263b36");
        byte[] request = StunFuzzTest.signedRequest(transactionId, priorityOf14);
        BindingOutcome outcome = new IceLiteResponder(StunFuzzTest.SERVER, StunFuzzTest.BROWSER)
                .respond(request, 0, request.length, SOURCE);
        assertEquals(StunRejection.MALFORMED, assertInstanceOf(BindingOutcome.Rejected.class, outcome).reason());

        byte[] honest = StunFuzzTest.signedRequest(transactionId, HexFormat.of().parseHex("002400046e0001ff"));
        assertInstanceOf(BindingOutcome.Accepted.class, new IceLiteResponder(StunFuzzTest.SERVER, StunFuzzTest.BROWSER)
                .respond(honest, 0, honest.length, SOURCE));
    }

    /** ice4j sign-extends PRIORITY; the check's priority is the unsigned 32-bit value it carried. */
    @Test
    void aPriorityWithItsTopBitSetIsReadUnsigned() {
        byte[] request = StunFuzzTest.signedRequest(HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae"),
                HexFormat.of().parseHex("00240004ff802a00"));
        BindingOutcome outcome = new IceLiteResponder(StunFuzzTest.SERVER, StunFuzzTest.BROWSER)
                .respond(request, 0, request.length, SOURCE);
        assertEquals(0xFF802A00L, assertInstanceOf(BindingOutcome.Accepted.class, outcome).priority());
    }
}

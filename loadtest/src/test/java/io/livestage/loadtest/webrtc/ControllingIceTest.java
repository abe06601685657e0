package io.livestage.loadtest.webrtc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ControllingIceTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final IceCredentials CLIENT = IceCredentials.random(RANDOM);
    private static final IceCredentials SERVER = IceCredentials.random(RANDOM);
    private static final InetSocketAddress CLIENT_ADDRESS = new InetSocketAddress("127.0.0.1", 40000);

    private final ControllingIce ice = new ControllingIce(CLIENT, SERVER, RANDOM);
    private final IceLiteResponder server = new IceLiteResponder(SERVER, CLIENT);

    @Test
    void aResponseThatArrivesAfterManyLaterChecksStillConnects() {
        byte[] early = ice.request(true);
        // Five seconds of checks at 50 ms before the server's answer to the first one comes back.
        for (int i = 0; i < 100; i++) {
            ice.request(true);
        }
        byte[] response = responseTo(early);
        assertTrue(ice.accept(response, 0, response.length));
        assertFalse(ice.accept(response, 0, response.length), "each request is answered once");
    }

    @Test
    void aResponseToARequestOlderThanTheWindowOrNeverSentIsRefused() {
        byte[] oldest = ice.request(true);
        for (int i = 0; i < ControllingIce.OUTSTANDING; i++) {
            ice.request(true);
        }
        byte[] tooLate = responseTo(oldest);
        assertFalse(ice.accept(tooLate, 0, tooLate.length));

        ControllingIce other = new ControllingIce(CLIENT, SERVER, RANDOM);
        byte[] stranger = responseTo(other.request(true));
        assertFalse(ice.accept(stranger, 0, stranger.length));
        assertFalse(ice.accept(new byte[8], 0, 8));
    }

    @Test
    void anAlteredResponseIsRefusedEvenForAKnownTransaction() {
        byte[] request = ice.request(true);
        byte[] altered = responseTo(request);
        altered[24] ^= 1; // inside the first attribute, past the transaction id
        assertFalse(ice.accept(altered, 0, altered.length));
        byte[] intact = responseTo(request);
        assertTrue(ice.accept(intact, 0, intact.length), "the refusal did not use up the transaction");
    }

    private byte[] responseTo(byte[] request) {
        BindingOutcome outcome = server.respond(request, 0, request.length, CLIENT_ADDRESS);
        assertTrue(outcome instanceof BindingOutcome.Accepted, () -> "server refused the check: " + outcome);
        return ((BindingOutcome.Accepted) outcome).response();
    }
}

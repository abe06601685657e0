package io.livestage.loadtest.webrtc;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.BindingRequest;
import io.livestage.sfu.ice.BindingResponseCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * Our side of ICE toward an ICE-lite server: we are controlling, send Binding requests and accept
 * a response to any of the last few we sent (a response may arrive after we retransmitted). Like a
 * browser, we also answer the server's own checks: it sends media to an address only once that
 * address has answered one (RFC 7675 consent). Used on the peer's event loop only.
 */
final class ControllingIce {

    /** RFC 8445 7.1.1: PRIORITY is ours as a peer-reflexive candidate (type preference 110), component 1. */
    static final long PRIORITY = (110L << 24) | (65535L << 8) | 255;
    private static final int OUTSTANDING = 8;

    private final StunBindingClient client;
    private final IceLiteResponder responder;
    private final byte[][] outstanding = new byte[OUTSTANDING][];
    private int next;

    ControllingIce(IceCredentials local, IceCredentials remote, SecureRandom random) {
        this.client = new StunBindingClient(local, remote, random);
        this.responder = IceLiteResponder.forControllingAgent(local, remote);
    }

    /** A new request to send; {@code nominate} adds USE-CANDIDATE (aggressive nomination). */
    byte[] request(boolean nominate) {
        BindingRequest request = client.newRequest(PRIORITY, nominate);
        outstanding[next] = request.transactionId();
        next = (next + 1) % OUTSTANDING;
        return request.bytes();
    }

    /** True for a verified success response to one of our outstanding requests. */
    boolean accept(byte[] buf, int off, int len) {
        for (int i = 0; i < OUTSTANDING; i++) {
            byte[] transactionId = outstanding[i];
            if (transactionId == null) {
                continue;
            }
            BindingResponseCheck check = client.checkResponse(buf, off, len, transactionId);
            if (check.isSuccess()) {
                outstanding[i] = null;
                return true;
            }
        }
        return false;
    }

    /**
     * The success response to the server's check from {@code source} when it carries our
     * credentials (USERNAME "ourUfrag:serverUfrag", MESSAGE-INTEGRITY keyed with our password);
     * null otherwise.
     */
    byte[] answer(byte[] buf, int off, int len, InetSocketAddress source) {
        return responder.respond(buf, off, len, source) instanceof BindingOutcome.Accepted accepted
                ? accepted.response() : null;
    }
}

package io.livestage.loadtest.webrtc;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.BindingRequest;
import io.livestage.sfu.ice.BindingResponseCheck;
import io.livestage.sfu.ice.IceCredentials;
import io.livestage.sfu.ice.IceLiteResponder;
import io.livestage.sfu.ice.StunBindingClient;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Our side of ICE toward an ICE-lite server: we are controlling, send Binding requests and accept
 * a response to any request of the last {@value #OUTSTANDING} (12.8 s at one check per 50 ms, longer
 * than the ICE timeout): like a browser's, whose checks stay pending for seconds, a response that
 * waited behind a busy server loop still counts. Keeping only the last 8 (400 ms) made a server
 * that answered every check about half a second late look dead to the load generator. Like a
 * browser, we also answer the server's own checks: it sends media to an address only once that
 * address has answered one (RFC 7675 consent). Used on the peer's event loop only.
 */
final class ControllingIce {

    /** RFC 8445 7.1.1: PRIORITY is ours as a peer-reflexive candidate (type preference 110), component 1. */
    static final long PRIORITY = (110L << 24) | (65535L << 8) | 255;
    static final int OUTSTANDING = 256;

    private static final int STUN_HEADER_LENGTH = 20;
    private static final int TRANSACTION_ID_LENGTH = 12;

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
        if (len < STUN_HEADER_LENGTH) {
            return false;
        }
        // The transaction id first, so a response costs one integrity check, not one per request.
        int tidAt = off + STUN_HEADER_LENGTH - TRANSACTION_ID_LENGTH;
        for (int i = 0; i < OUTSTANDING; i++) {
            byte[] transactionId = outstanding[i];
            if (transactionId != null
                    && Arrays.equals(buf, tidAt, tidAt + TRANSACTION_ID_LENGTH, transactionId, 0, TRANSACTION_ID_LENGTH)) {
                if (!client.checkResponse(buf, off, len, transactionId).isSuccess()) {
                    return false;
                }
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

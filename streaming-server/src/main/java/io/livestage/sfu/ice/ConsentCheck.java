package io.livestage.sfu.ice;

import java.security.SecureRandom;

/**
 * The SFU's own Binding request to one address of its peer (RFC 7675 consent): media goes to an
 * address only once it has answered a check of ours, which a forged source address never does,
 * since its owner knows neither the peer's password nor our transaction id. An ICE-lite agent
 * sends no checks of its own in RFC 8445; consent to receive is what this one asks, and full ICE
 * agents (browsers, the Java client) answer it like any other check.
 *
 * <p>Sent with the credentials of the ICE generation the peer checked from that address with
 * (USERNAME "peerUfrag:ourUfrag", ICE-CONTROLLED, MESSAGE-INTEGRITY keyed with the peer's password,
 * FINGERPRINT) and retransmitted with the same transaction id (RFC 5389 7.2.1) until answered or
 * given up. Not thread-safe: owned by the transport's event loop.
 */
public final class ConsentCheck {
    /** Requests sent before giving up: at 0, 100, 300, 700 and 1,500 ms, the last awaited 800 ms. */
    public static final int MAX_SENDS = 5;
    private static final long INITIAL_RTO_MILLIS = 100;
    private static final long MAX_RTO_MILLIS = 800;
    /** PRIORITY as a peer-reflexive candidate of ours would have it (RFC 8445 5.1.2.1: type preference 110). */
    private static final long PRIORITY = (110L << 24) | (65535L << 8) | 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StunBindingClient client;
    private final BindingRequest request;
    private final StunTransactionId id;
    private int sends;

    /** A check with our credentials {@code local} toward the peer's {@code remote}. */
    public ConsentCheck(IceCredentials local, IceCredentials remote) {
        this(StunBindingClient.controlled(local, remote, RANDOM), false);
    }

    private ConsentCheck(StunBindingClient client, boolean nominate) {
        this.client = client;
        this.request = client.newRequest(PRIORITY, nominate);
        this.id = StunTransactionId.of(request.transactionId());
    }

    /**
     * A check of the agent that checks first, toward another server's ICE-lite transport (a media relay
     * between nodes, where both ends are ours): ICE-CONTROLLING, with USE-CANDIDATE when it nominates the
     * pair, as a browser's check to us.
     */
    public static ConsentCheck controlling(IceCredentials local, IceCredentials remote, boolean nominate) {
        return new ConsentCheck(new StunBindingClient(local, remote, RANDOM), nominate);
    }

    /** The request's bytes; every transmission sends the same ones. */
    public byte[] bytes() {
        return request.bytes();
    }

    public StunTransactionId id() {
        return id;
    }

    /** Counts one transmission and returns how long to wait for the answer before the next (or giving up). */
    public long sent() {
        sends++;
        return Math.min(MAX_RTO_MILLIS, INITIAL_RTO_MILLIS << (sends - 1));
    }

    /** True once {@link #MAX_SENDS} requests went unanswered. */
    public boolean exhausted() {
        return sends >= MAX_SENDS;
    }

    public int sends() {
        return sends;
    }

    /**
     * Verifies a response to this check: a Binding success with our transaction id, a valid
     * FINGERPRINT and MESSAGE-INTEGRITY keyed with the peer's password. The caller checks that it
     * came from the address the check went to.
     */
    public BindingResponseCheck verify(byte[] buf, int off, int len) {
        return client.checkResponse(buf, off, len, request.transactionId());
    }
}

package io.livestage.signaling.call;

/** Why a call ended, as sent in {@code call.ended}. */
public enum CallEndReason {
    HANGUP("hangup"),
    DECLINED("declined"),
    NO_ANSWER("no_answer"),
    INSUFFICIENT_FUNDS("insufficient_funds"),
    PEER_LOST("peer_lost"),
    SERVER_SHUTDOWN("server_shutdown"),
    /** An addition to the protocol's list: the wallet service stayed unreachable for the grace period. */
    BILLING_UNAVAILABLE("billing_unavailable");

    private final String wire;

    CallEndReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

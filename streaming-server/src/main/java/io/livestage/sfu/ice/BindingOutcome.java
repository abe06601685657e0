package io.livestage.sfu.ice;

import java.net.InetSocketAddress;

/** What the ICE-lite responder made of one received STUN packet. */
public sealed interface BindingOutcome {

    /**
     * A valid connectivity check: send {@code response} back to {@code source}. With
     * {@code useCandidate} the controlling peer nominates {@code source}, so the transport
     * should send media there from now on (this is how a peer moves to a new network).
     */
    record Accepted(byte[] response, InetSocketAddress source, boolean useCandidate, long priority)
            implements BindingOutcome {
    }

    /** Dropped without an answer; {@code reason} is the metrics label. */
    record Rejected(StunRejection reason) implements BindingOutcome {

        private static final Rejected[] CACHED = new Rejected[StunRejection.values().length];

        static {
            for (StunRejection reason : StunRejection.values()) {
                CACHED[reason.ordinal()] = new Rejected(reason);
            }
        }

        /** Rejections are the common case under attack; share one instance per reason. */
        public static Rejected of(StunRejection reason) {
            return CACHED[reason.ordinal()];
        }
    }
}

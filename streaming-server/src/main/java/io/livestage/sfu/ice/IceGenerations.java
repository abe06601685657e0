package io.livestage.sfu.ice;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ICE credentials one transport answers checks with, across ICE restarts (RFC 8445 section 9).
 * The selected generation is the one the path in use was checked with. A restart adds a pending
 * generation: our new credentials at once, the peer's when its SDP arrives. The selected generation
 * keeps working until a nominated check with the pending one arrives, so media and consent carry on
 * over the old path while the client negotiates; then the pending generation is selected and the
 * old credentials are dropped. Immutable: the transport swaps whole values.
 */
public final class IceGenerations {

    /** One set of credentials for both sides; {@code responder} is null until the peer's are known. */
    public static final class Generation {
        private final int number;
        private final IceCredentials local;
        private final IceLiteResponder responder;
        private final byte[] usernamePrefix;

        private final boolean controlling;

        private Generation(int number, IceCredentials local, IceCredentials remote, boolean controlling) {
            this.number = number;
            this.controlling = controlling;
            this.local = Objects.requireNonNull(local, "local");
            this.responder = remote == null ? null : controlling
                    ? IceLiteResponder.forControllingAgent(local, remote) : new IceLiteResponder(local, remote);
            this.usernamePrefix = (local.ufrag() + ":").getBytes(StandardCharsets.UTF_8);
        }

        public int number() {
            return number;
        }

        public IceCredentials local() {
            return local;
        }

        /** The peer's credentials, or null while they are not known. */
        public IceCredentials remote() {
            return responder == null ? null : responder.remoteCredentials();
        }

        /** Verifies and answers checks; null while the peer's credentials are not known. */
        public IceLiteResponder responder() {
            return responder;
        }

        private Generation withRemote(IceCredentials remote) {
            return new Generation(number, local, Objects.requireNonNull(remote, "remote"), controlling);
        }
    }

    private final Generation selected;
    private final Generation pending;

    private IceGenerations(Generation selected, Generation pending) {
        this.selected = selected;
        this.pending = pending;
    }

    /** A transport's first credentials: ours, the peer's to follow with {@link #withRemote}. */
    public static IceGenerations first(IceCredentials local) {
        return new IceGenerations(new Generation(0, local, null, false), null);
    }

    /**
     * The first credentials of a transport that checks first (it dials another server's ICE-lite transport):
     * it answers that server's consent checks, which come as from the controlled agent.
     */
    public IceGenerations controlling() {
        if (pending != null || selected.remote() != null) {
            throw new IllegalStateException("the ICE role is chosen before the peer's credentials are known");
        }
        return new IceGenerations(new Generation(selected.number, selected.local, null, true), null);
    }

    public Generation selected() {
        return selected;
    }

    /** The restart awaiting its first nominated check, or null. */
    public Generation pending() {
        return pending;
    }

    /** The newest generation: the one SDP should carry. */
    public Generation newest() {
        return pending != null ? pending : selected;
    }

    /** The peer's credentials for the newest generation (its answer or offer arrived). */
    public IceGenerations withRemote(IceCredentials remote) {
        return pending != null ? new IceGenerations(selected, pending.withRemote(remote))
                : new IceGenerations(selected.withRemote(remote), null);
    }

    /**
     * A restart with our new credentials and, when already known, the peer's. It replaces a pending
     * restart that has not completed: the last restart wins.
     */
    public IceGenerations restart(IceCredentials local, IceCredentials remote) {
        if (local.ufrag().equals(selected.local.ufrag())) {
            throw new IllegalArgumentException("an ICE restart needs a new ufrag");
        }
        return new IceGenerations(selected, new Generation(newest().number + 1, local, remote, selected.controlling));
    }

    /** The pending restart's nominated check arrived: it becomes the selected generation. */
    public IceGenerations promote() {
        if (pending == null) {
            throw new IllegalStateException("no ICE restart is pending");
        }
        return new IceGenerations(pending, null);
    }

    /** The generation a check is addressed to by the local ufrag in its USERNAME; the selected one otherwise. */
    public Generation addressedBy(byte[] buf, int off, int len) {
        return pending != null && StunPeek.usernameStartsWith(buf, off, len, pending.usernamePrefix) ? pending : selected;
    }
}

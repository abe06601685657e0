package io.livestage.sfu.transport;

import io.livestage.sfu.ice.BindingOutcome;
import io.livestage.sfu.ice.BindingResponseCheck;
import io.livestage.sfu.ice.ConsentCheck;
import io.livestage.sfu.ice.ConsentFreshness;
import io.livestage.sfu.ice.IceGenerations;
import io.livestage.sfu.ice.StunRejection;
import io.livestage.sfu.ice.StunTransactionId;
import io.livestage.sfu.metrics.SfuMetrics;
import io.livestage.sfu.udp.MediaLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where one transport's DTLS and media go: the path, always an address that proved it wants
 * them by answering a check of ours (RFC 7675 consent, {@link ConsentCheck}). A check's source
 * address can be forged by anyone who knows the ICE password, and every viewer knows ours from
 * its own offer; so a nominated check from a new address only makes us ask that address, and the
 * path moves there when its authenticated answer comes back from it. A forged address gets the
 * STUN answers to the forged checks and one consent check of ours, retransmitted a few times.
 *
 * <p>Which consented address is the path: the first one, until the peer's DTLS shows which pair it
 * chose, then the one the peer nominates. The path's consent stays fresh only through checks and
 * answers from the path itself. After a restart's path is selected the older generations'
 * addresses stop routing here {@value #OLD_PATH_LINGER_MS} ms later.
 *
 * <p>Owned by the transport's event loop; only {@link #remote()} may be read from any thread.
 */
final class PeerPath {
    /** How long a restarted peer's old addresses still route here after the new path was selected. */
    static final long OLD_PATH_LINGER_MS = 500;

    private final WebRtcTransport transport;
    private final PeerAddresses addresses;
    private final ConsentFreshness consent;
    private final SfuMetrics metrics;
    /** Told when the path is set or moves, so DTLS can begin once it has somewhere to go. */
    private final Runnable moved;
    private volatile InetSocketAddress remote;
    private MediaLoop home;
    /** The generation of the path media goes to; checks of older ones are stale. */
    private int generation;
    /** Nominated by the peer but still asked for its consent: the path moves there once it answers. */
    private InetSocketAddress nominated;
    /** The path was chosen by a nomination; before one, it follows the peer's DTLS. */
    private boolean pathNominated;
    /** Where the peer's latest handshake record came from. */
    private InetSocketAddress dtlsFrom;

    PeerPath(TransportRegistry registry, WebRtcTransport transport, Duration consentTimeout, long createdNanos,
             SfuMetrics metrics, Runnable moved) {
        this.transport = transport;
        this.consent = new ConsentFreshness(consentTimeout, createdNanos);
        this.addresses = new PeerAddresses(registry, transport, consent.timeoutNanos());
        this.metrics = metrics;
        this.moved = moved;
    }

    /** The path: where DTLS and media go; null until an address has proven consent. Any thread. */
    InetSocketAddress remote() {
        return remote;
    }

    /** True for a check with credentials a restart has since replaced. */
    boolean stale(int checkGeneration) {
        return checkGeneration < generation;
    }

    /** True once the path's consent (or, before there is a path, the transport's first one) has expired. */
    boolean expired(long nowNanos) {
        return consent.expired(nowNanos);
    }

    /**
     * An authenticated check, received by the transport on {@code home}, its loop. From a consented
     * address it refreshes the address's consent and, nominated, moves the path there; from any
     * other address it makes us ask that address for its consent (a nominated one becomes the path
     * once it answers). A browser may start DTLS on a pair before nominating it, so every checked
     * address routes DTLS and media here, unless another transport routes it already.
     */
    void checked(MediaLoop home, BindingOutcome.Accepted check, IceGenerations.Generation checkGeneration, long now) {
        this.home = home;
        InetSocketAddress source = check.source();
        int number = checkGeneration.number();
        if (!addresses.checked(source, number, remote)) {
            return;
        }
        if (addresses.consented(source, now)) {
            addresses.proven(source, now);
            if (source.equals(remote)) {
                consent.refreshed(now);
            }
            if (remote == null || check.useCandidate()) {
                nominated = null;
                pathNominated |= check.useCandidate();
                moveTo(source, number);
            }
            return;
        }
        if (check.useCandidate()) {
            nominated = source;
        }
        if (addresses.mayCheck(source, now)) {
            ConsentCheck ours = new ConsentCheck(checkGeneration.local(), checkGeneration.remote());
            addresses.checking(source, ours);
            send(source, ours);
        }
    }

    /**
     * We check first, as the controlling agent: the dialing end of a media relay checks the other server's
     * candidate (known from its offer) and nominates it; the path moves there when it answers. The other
     * server, ICE-lite like us, asks our address for its consent in turn, as it asks any new peer's.
     */
    void dial(MediaLoop home, InetSocketAddress candidate, IceGenerations.Generation generation) {
        this.home = home;
        if (!addresses.checked(candidate, generation.number(), remote)) {
            return;
        }
        nominated = candidate;
        ConsentCheck ours = ConsentCheck.controlling(generation.local(), generation.remote(), true);
        addresses.checking(candidate, ours);
        send(candidate, ours);
    }

    /**
     * The dialing end keeps its path's consent fresh by checking it, as a browser does ours: the answer
     * refreshes our consent, the check the other server's. Skipped while a check is outstanding.
     */
    void refreshDialed(IceGenerations.Generation generation) {
        InetSocketAddress path = remote;
        if (path == null || addresses.check(path) != null) {
            return;
        }
        ConsentCheck ours = ConsentCheck.controlling(generation.local(), generation.remote(), false);
        addresses.checking(path, ours);
        send(path, ours);
    }

    /**
     * A Binding response with the transaction id of one of our consent checks. It proves consent
     * only from the address the check went to, with the peer's MESSAGE-INTEGRITY.
     */
    void answered(byte[] buf, int off, int len, InetSocketAddress source, long now) {
        ConsentCheck check = addresses.check(source);
        if (check == null || !check.id().equals(StunTransactionId.ofMessage(buf, off))) {
            metrics.iceFailure(StunRejection.UNKNOWN_TRANSACTION);
            return;
        }
        BindingResponseCheck answer = check.verify(buf, off, len);
        if (!answer.isSuccess()) {
            metrics.iceFailure(answer.rejection());
            return;
        }
        metrics.stunIn();
        metrics.consentCheckAnswered();
        addresses.answered(source, now);
        int number = addresses.generation(source);
        if (source.equals(remote)) {
            consent.refreshed(now);
        } else if (number >= generation && (remote == null || source.equals(nominated)
                || (!pathNominated && source.equals(dtlsFrom)))) {
            pathNominated |= source.equals(nominated);
            nominated = null;
            moveTo(source, number);
        }
    }

    /**
     * A handshake record from {@code source}: until the peer nominates a path, ours follows its
     * handshake to a consented address (a browser checks from each of its addresses and runs DTLS
     * on the pair it chose, so our flights should go where its own come from).
     */
    void handshakeRecord(InetSocketAddress source, long now) {
        dtlsFrom = source;
        int number = addresses.generation(source);
        if (!pathNominated && remote != null && !source.equals(remote) && number >= generation
                && addresses.consented(source, now)) {
            moveTo(source, number);
        }
    }

    /** The transport closed: none of the peer's addresses routes here, no check of ours is awaited. */
    void clear() {
        addresses.clear();
    }

    private void moveTo(InetSocketAddress source, int number) {
        if (!source.equals(remote)) {
            remote = source;
            consent.refreshed(addresses.provenNanos(source));
        }
        if (number > generation) {
            generation = number;
            retireOlderLater(number);
        }
        moved.run();
    }

    private void send(InetSocketAddress address, ConsentCheck check) {
        long wait = check.sent();
        metrics.consentCheckSent();
        home.send(check.bytes(), 0, check.bytes().length, address);
        home.loop().schedule(() -> due(address, check), wait, TimeUnit.MILLISECONDS);
    }

    /** Our check to {@code address} went unanswered this long: sent again, or given up. */
    private void due(InetSocketAddress address, ConsentCheck check) {
        if (transport.isClosed() || addresses.check(address) != check) {
            // Answered, or the address was retired.
            return;
        }
        if (!check.exhausted()) {
            send(address, check);
            return;
        }
        addresses.unanswered(address, System.nanoTime());
        metrics.consentCheckUnanswered();
        if (address.equals(nominated)) {
            nominated = null;
        }
    }

    /**
     * What the peer sent on its old path just before moving is still in flight: the old addresses
     * keep routing to us for a moment (media goes out on the new path at once).
     */
    private void retireOlderLater(int number) {
        home.loop().schedule(() -> {
            if (!transport.isClosed()) {
                addresses.retireOlderThan(number);
            }
        }, OLD_PATH_LINGER_MS, TimeUnit.MILLISECONDS);
    }
}

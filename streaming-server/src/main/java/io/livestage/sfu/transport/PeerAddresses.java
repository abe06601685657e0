package io.livestage.sfu.transport;

import io.livestage.sfu.ice.ConsentCheck;
import java.net.InetSocketAddress;

/**
 * The peer's addresses and what each has proven. A check's source address can be forged by
 * anyone who knows the ICE password, and a viewer knows ours from its own offer, so:
 * <ul>
 *   <li>an address that passed an authenticated check is <em>checked</em>: DTLS and media from it
 *       reach this transport, unless another transport already routes it (a forged check never
 *       takes another peer's address over);</li>
 *   <li>an address that has also answered a check of ours ({@link ConsentCheck}) is
 *       <em>consented</em> (RFC 7675): only such an address may become the path that DTLS and
 *       media go to, and it takes its route over. Consent stays while proofs keep coming from the
 *       address (its checks, its answers) within the consent timeout.</li>
 * </ul>
 * Each address keeps the ICE generation it was checked with; shortly after a restart's path is
 * selected the older generations' addresses are dropped, so a peer that moves networks again and
 * again never fills the table. At most one consent check per address is outstanding, and one that
 * went unanswered is not repeated for {@link #QUIET_AFTER_UNANSWERED_NANOS}: what a forged
 * address receives from us stays a few small STUN packets. Owned by the transport's event loop.
 */
final class PeerAddresses {
    /** Chrome checks from each of its local addresses; more than this is not a real peer. */
    static final int MAX_ADDRESSES = 8;
    /** An address that ignored all of a consent check's requests is not asked again before this. */
    static final long QUIET_AFTER_UNANSWERED_NANOS = 5_000_000_000L;

    /** One address and what it has proven. */
    private static final class Entry {
        final InetSocketAddress address;
        int generation;
        boolean consented;
        long provenNanos;
        /** Our outstanding check to it, or null. */
        ConsentCheck check;
        boolean unanswered;
        long unansweredNanos;

        Entry(InetSocketAddress address, int generation) {
            this.address = address;
            this.generation = generation;
        }
    }

    private final Entry[] entries = new Entry[MAX_ADDRESSES];
    private final TransportRegistry registry;
    private final WebRtcTransport transport;
    private final long consentTimeoutNanos;
    private int size;

    PeerAddresses(TransportRegistry registry, WebRtcTransport transport, long consentTimeoutNanos) {
        this.registry = registry;
        this.transport = transport;
        this.consentTimeoutNanos = consentTimeoutNanos;
    }

    /**
     * Records an authenticated check from {@code address} with {@code generation}. When the table is
     * full, an address of an older generation other than {@code keep} (the path in use) makes room.
     *
     * @return true when the address is checked (now or before)
     */
    boolean checked(InetSocketAddress address, int generation, InetSocketAddress keep) {
        Entry entry = find(address);
        if (entry != null) {
            entry.generation = Math.max(entry.generation, generation);
            return true;
        }
        if (size == MAX_ADDRESSES && !evictOlderThan(generation, keep)) {
            return false;
        }
        entries[size++] = new Entry(address, generation);
        registry.claimAddress(transport, address);
        return true;
    }

    boolean contains(InetSocketAddress address) {
        return find(address) != null;
    }

    /** The highest ICE generation {@code address} was checked with; -1 when it is not in the table. */
    int generation(InetSocketAddress address) {
        Entry entry = find(address);
        return entry == null ? -1 : entry.generation;
    }

    /** True when {@code address} answered a check of ours and has proven consent within the timeout. */
    boolean consented(InetSocketAddress address, long nowNanos) {
        Entry entry = find(address);
        return entry != null && entry.consented && nowNanos - entry.provenNanos < consentTimeoutNanos;
    }

    /** When {@code address} last proved consent; only meaningful while {@link #consented}. */
    long provenNanos(InetSocketAddress address) {
        return find(address).provenNanos;
    }

    /** A check from a consented {@code address}: its consent is fresh again. */
    void proven(InetSocketAddress address, long nowNanos) {
        Entry entry = find(address);
        if (entry != null && entry.consented) {
            entry.provenNanos = nowNanos;
        }
    }

    /** True when a consent check may go to {@code address} now: none outstanding, none ignored lately. */
    boolean mayCheck(InetSocketAddress address, long nowNanos) {
        Entry entry = find(address);
        return entry != null && entry.check == null
                && (!entry.unanswered || nowNanos - entry.unansweredNanos >= QUIET_AFTER_UNANSWERED_NANOS);
    }

    /** Our consent check now outstanding to {@code address}; its answers find this transport by its id. */
    void checking(InetSocketAddress address, ConsentCheck check) {
        find(address).check = check;
        registry.addTransaction(transport, check.id());
    }

    /** The consent check outstanding to {@code address}, or null. */
    ConsentCheck check(InetSocketAddress address) {
        Entry entry = find(address);
        return entry == null ? null : entry.check;
    }

    /** {@code address} answered our check: consented, and DTLS and media from it route here. */
    void answered(InetSocketAddress address, long nowNanos) {
        Entry entry = find(address);
        endCheck(entry);
        entry.consented = true;
        entry.unanswered = false;
        entry.provenNanos = nowNanos;
        registry.addAddress(transport, address);
    }

    /** Our check to {@code address} got no answer: it stays unconsented and is left alone for a while. */
    void unanswered(InetSocketAddress address, long nowNanos) {
        Entry entry = find(address);
        endCheck(entry);
        entry.unanswered = true;
        entry.unansweredNanos = nowNanos;
    }

    /** A restart's path was selected: addresses checked only with older credentials stop routing here. */
    void retireOlderThan(int generation) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (entries[i].generation >= generation) {
                entries[kept++] = entries[i];
            } else {
                forget(entries[i]);
            }
        }
        for (int i = kept; i < size; i++) {
            entries[i] = null;
        }
        size = kept;
    }

    /** The transport closed: none of its addresses routes anywhere, no check of ours is awaited. */
    void clear() {
        for (int i = 0; i < size; i++) {
            forget(entries[i]);
            entries[i] = null;
        }
        size = 0;
    }

    int size() {
        return size;
    }

    private boolean evictOlderThan(int generation, InetSocketAddress keep) {
        for (int i = 0; i < size; i++) {
            if (entries[i].generation < generation && !entries[i].address.equals(keep)) {
                forget(entries[i]);
                size--;
                entries[i] = entries[size];
                entries[size] = null;
                return true;
            }
        }
        return false;
    }

    private void forget(Entry entry) {
        endCheck(entry);
        registry.removeAddress(transport, entry.address);
    }

    private void endCheck(Entry entry) {
        if (entry.check != null) {
            registry.removeTransaction(transport, entry.check.id());
            entry.check = null;
        }
    }

    private Entry find(InetSocketAddress address) {
        for (int i = 0; i < size; i++) {
            if (entries[i].address.equals(address)) {
                return entries[i];
            }
        }
        return null;
    }
}

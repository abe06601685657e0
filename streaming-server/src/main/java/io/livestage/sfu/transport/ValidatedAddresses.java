package io.livestage.sfu.transport;

import java.net.InetSocketAddress;

/**
 * The peer addresses that passed an authenticated check, each with the ICE generation it was
 * checked with; all of them may carry DTLS and media. Shortly after a restart's path is selected the
 * addresses of older generations are dropped, so a peer that moves networks again and again never
 * fills the table. Owned by the transport's event loop.
 */
final class ValidatedAddresses {
    /** Chrome checks from each of its local addresses; more than this is not a real peer. */
    static final int MAX_ADDRESSES = 8;

    private final InetSocketAddress[] addresses = new InetSocketAddress[MAX_ADDRESSES];
    private final int[] generations = new int[MAX_ADDRESSES];
    private final TransportRegistry registry;
    private final WebRtcTransport transport;
    private int size;

    ValidatedAddresses(TransportRegistry registry, WebRtcTransport transport) {
        this.registry = registry;
        this.transport = transport;
    }

    /**
     * Records a check from {@code address} with {@code generation}. When the table is full, an
     * address of an older generation other than {@code keep} (the path in use) makes room.
     *
     * @return true when the address is validated (now or before)
     */
    boolean add(InetSocketAddress address, int generation, InetSocketAddress keep) {
        int at = indexOf(address);
        if (at >= 0) {
            generations[at] = Math.max(generations[at], generation);
            return true;
        }
        if (size == MAX_ADDRESSES && !evictOlderThan(generation, keep)) {
            return false;
        }
        addresses[size] = address;
        generations[size] = generation;
        size++;
        registry.addAddress(transport, address);
        return true;
    }

    boolean contains(InetSocketAddress address) {
        return indexOf(address) >= 0;
    }

    /** A restart's path was selected: addresses checked only with older credentials stop routing here. */
    void retireOlderThan(int generation) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (generations[i] >= generation) {
                addresses[kept] = addresses[i];
                generations[kept] = generations[i];
                kept++;
            } else {
                registry.removeAddress(transport, addresses[i]);
            }
        }
        for (int i = kept; i < size; i++) {
            addresses[i] = null;
        }
        size = kept;
    }

    /** The transport closed: none of its addresses routes anywhere. */
    void clear() {
        for (int i = 0; i < size; i++) {
            registry.removeAddress(transport, addresses[i]);
            addresses[i] = null;
        }
        size = 0;
    }

    int size() {
        return size;
    }

    private boolean evictOlderThan(int generation, InetSocketAddress keep) {
        for (int i = 0; i < size; i++) {
            if (generations[i] < generation && !addresses[i].equals(keep)) {
                registry.removeAddress(transport, addresses[i]);
                size--;
                addresses[i] = addresses[size];
                generations[i] = generations[size];
                addresses[size] = null;
                return true;
            }
        }
        return false;
    }

    private int indexOf(InetSocketAddress address) {
        for (int i = 0; i < size; i++) {
            if (addresses[i].equals(address)) {
                return i;
            }
        }
        return -1;
    }
}

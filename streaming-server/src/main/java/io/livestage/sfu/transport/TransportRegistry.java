package io.livestage.sfu.transport;

import io.livestage.sfu.ice.StunTransactionId;
import io.livestage.sfu.metrics.SfuMetrics.TransportPhase;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds a datagram's transport: STUN requests by our ufrag, the answers to our own consent checks
 * by their transaction id, everything else by the sender's address. An address is registered only
 * after a check authenticated with our ICE password, so a stranger cannot inject DTLS or RTP into
 * someone's transport; and since a check's source can be forged, it only claims an address nobody
 * routes yet, while an address that answered our consent check takes the route over. During an
 * ICE restart a transport has two ufrags, the selected one and the restart's.
 */
public final class TransportRegistry {
    private final Set<WebRtcTransport> transports = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, WebRtcTransport> byUfrag = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetSocketAddress, WebRtcTransport> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentMap<StunTransactionId, WebRtcTransport> byTransaction = new ConcurrentHashMap<>();

    void add(WebRtcTransport transport, String ufrag) {
        addUfrag(transport, ufrag);
        transports.add(transport);
    }

    /** Routes STUN naming {@code ufrag} to the transport (its first credentials or an ICE restart's). */
    void addUfrag(WebRtcTransport transport, String ufrag) {
        if (byUfrag.putIfAbsent(ufrag, transport) != null) {
            throw new IllegalStateException("ICE ufrag collision");
        }
    }

    /** Stops routing STUN naming {@code ufrag}: credentials replaced by an ICE restart, or the transport closed. */
    void removeUfrag(WebRtcTransport transport, String ufrag) {
        byUfrag.remove(ufrag, transport);
    }

    public WebRtcTransport byUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    public WebRtcTransport byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /**
     * Routes DTLS and media from an address that passed an authenticated check to the transport,
     * unless another transport routes it already: the check may have been forged from that address.
     */
    void claimAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.putIfAbsent(address, transport);
    }

    /** Routes DTLS and media from an address that answered the transport's consent check to it. */
    void addAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.put(address, transport);
    }

    void removeAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.remove(address, transport);
    }

    public WebRtcTransport byTransaction(StunTransactionId id) {
        return byTransaction.get(id);
    }

    /** Routes the answers to one of the transport's consent checks to it. */
    void addTransaction(WebRtcTransport transport, StunTransactionId id) {
        byTransaction.put(id, transport);
    }

    void removeTransaction(WebRtcTransport transport, StunTransactionId id) {
        byTransaction.remove(id, transport);
    }

    /** Forgets the transport; its ufrags and addresses are removed by the transport itself. */
    void remove(WebRtcTransport transport) {
        transports.remove(transport);
    }

    public Collection<WebRtcTransport> all() {
        return Collections.unmodifiableSet(transports);
    }

    public int count(TransportRole role, TransportPhase phase) {
        int count = 0;
        for (WebRtcTransport transport : transports) {
            if (transport.role() == role && transport.phase() == phase) {
                count++;
            }
        }
        return count;
    }
}

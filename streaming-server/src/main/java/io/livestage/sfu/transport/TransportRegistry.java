package io.livestage.sfu.transport;

import io.livestage.sfu.metrics.SfuMetrics.TransportPhase;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds a datagram's transport: STUN by our ufrag, everything else by the sender's address.
 * An address is registered only after a check authenticated with our ICE password, so a
 * stranger cannot inject DTLS or RTP into someone's transport.
 */
public final class TransportRegistry {
    private final ConcurrentMap<String, WebRtcTransport> byUfrag = new ConcurrentHashMap<>();
    private final ConcurrentMap<InetSocketAddress, WebRtcTransport> byAddress = new ConcurrentHashMap<>();

    void add(WebRtcTransport transport) {
        if (byUfrag.putIfAbsent(transport.localUfrag(), transport) != null) {
            throw new IllegalStateException("ICE ufrag collision");
        }
    }

    public WebRtcTransport byUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    public WebRtcTransport byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** Moves the transport from its previous address (may be null) to the new one. */
    void moveAddress(WebRtcTransport transport, InetSocketAddress previous, InetSocketAddress next) {
        byAddress.put(next, transport);
        if (previous != null && !previous.equals(next)) {
            byAddress.remove(previous, transport);
        }
    }

    void remove(WebRtcTransport transport, InetSocketAddress address) {
        byUfrag.remove(transport.localUfrag(), transport);
        if (address != null) {
            byAddress.remove(address, transport);
        }
    }

    public Collection<WebRtcTransport> all() {
        return byUfrag.values();
    }

    public int count(TransportPhase phase) {
        int count = 0;
        for (WebRtcTransport transport : byUfrag.values()) {
            if (transport.phase() == phase) {
                count++;
            }
        }
        return count;
    }
}

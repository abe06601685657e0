package io.livestage.sfu.transport;

import io.livestage.sfu.metrics.SfuMetrics.TransportPhase;
import io.livestage.sfu.metrics.SfuMetrics.TransportRole;
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

    /** Routes DTLS and media from an address that passed an authenticated check to the transport. */
    void addAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.put(address, transport);
    }

    void removeAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.remove(address, transport);
    }

    /** Stops routing STUN to the transport; its addresses are removed by the transport itself. */
    void remove(WebRtcTransport transport) {
        byUfrag.remove(transport.localUfrag(), transport);
    }

    public Collection<WebRtcTransport> all() {
        return byUfrag.values();
    }

    public int count(TransportRole role, TransportPhase phase) {
        int count = 0;
        for (WebRtcTransport transport : byUfrag.values()) {
            if (transport.role() == role && transport.phase() == phase) {
                count++;
            }
        }
        return count;
    }
}

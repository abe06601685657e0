package io.livestage.sfu;

import io.livestage.sfu.sdp.IceCandidate;
import io.livestage.sfu.sdp.OfferedSection;
import io.livestage.sfu.sdp.SdpException;
import io.livestage.sfu.sdp.SdpOffer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where a relay dials the node that hosts a room: the first UDP host candidate of that node's offer, an IPv4
 * one when there is one (the nodes' announced media addresses, as every peer of theirs sees them).
 */
final class RelayCandidate {
    private RelayCandidate() {
    }

    static InetSocketAddress first(SdpOffer offer) throws SdpException {
        IceCandidate chosen = null;
        for (OfferedSection section : offer.sections()) {
            for (IceCandidate candidate : section.candidates()) {
                if (candidate.transport().equalsIgnoreCase("udp")
                        && (chosen == null || (chosen.address().contains(":") && !candidate.address().contains(":")))) {
                    chosen = candidate;
                }
            }
        }
        if (chosen == null) {
            throw new SdpException("the offer has no UDP candidate to relay from");
        }
        try {
            // A literal address, as our nodes announce them: no lookup happens.
            return new InetSocketAddress(InetAddress.getByName(chosen.address()), chosen.port());
        } catch (UnknownHostException e) {
            throw new SdpException("the offer's candidate is not an address: " + chosen.address());
        }
    }
}

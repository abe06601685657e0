package io.livestage.sfu.sdp;

import io.livestage.sfu.ice.IceCredentials;

import java.util.List;

/**
 * What our answer says about our side of the transport: ICE-lite credentials, the SHA-256
 * fingerprint of our DTLS certificate (colon-separated hex) and our host candidates.
 */
public record LocalTransportDescription(IceCredentials ice, String fingerprintSha256, List<HostCandidate> candidates) {

    public LocalTransportDescription {
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an ICE-lite server needs at least one host candidate");
        }
    }
}

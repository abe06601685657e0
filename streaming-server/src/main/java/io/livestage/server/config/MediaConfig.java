package io.livestage.server.config;

import java.util.List;

/**
 * The SFU's UDP side.
 *
 * @param udpPort                one port for every peer (0: any free port, for tests)
 * @param bindAddress            where the port listens
 * @param announcedAddresses     the addresses put in our ICE candidates; empty means this machine's
 *                               IPv4 interface addresses (or {@code bindAddress} when it is specific).
 *                               Behind a 1:1 NAT, list the public address here.
 * @param consentTimeoutMs       a peer with no valid ICE check for this long is closed (RFC 7675)
 * @param dtlsHandshakeTimeoutMs a DTLS handshake that has not finished by then fails
 * @param maxPublishKbps         the most one publisher may send (a REMB cap beside its own bandwidth
 *                               estimate), in kbit/s; 0 for no cap
 * @param dtlsFirstFlightTimeoutMs a peer whose DTLS handshake has not begun this long after its first
 *                               ICE check (it sent no ClientHello, or never answered our consent
 *                               check) is closed
 * @param maxSubscriptionsPerUser media subscriptions one user may hold at once (over all rooms and
 *                               connections); one more is {@code rate_limited}
 * @param maxConcurrentHandshakes DTLS handshakes running at once (each holds a thread for up to
 *                               {@code dtlsHandshakeTimeoutMs}); at the limit new transports are
 *                               refused with {@code unavailable}
 */
public record MediaConfig(int udpPort, String bindAddress, List<String> announcedAddresses, long consentTimeoutMs,
                          long dtlsHandshakeTimeoutMs, int maxPublishKbps, long dtlsFirstFlightTimeoutMs,
                          int maxSubscriptionsPerUser, int maxConcurrentHandshakes) {
    public MediaConfig {
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("media.udpPort must be between 0 and 65535, was " + udpPort);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("media.bindAddress must be set");
        }
        announcedAddresses = announcedAddresses == null ? List.of() : List.copyOf(announcedAddresses);
        if (consentTimeoutMs < 1000) {
            throw new IllegalArgumentException("media.consentTimeoutMs must be at least 1000");
        }
        if (dtlsHandshakeTimeoutMs < 100) {
            throw new IllegalArgumentException("media.dtlsHandshakeTimeoutMs must be at least 100");
        }
        if (dtlsFirstFlightTimeoutMs < 100 || dtlsFirstFlightTimeoutMs > 60_000) {
            throw new IllegalArgumentException("media.dtlsFirstFlightTimeoutMs must be between 100 and 60000, was "
                    + dtlsFirstFlightTimeoutMs);
        }
        if (maxSubscriptionsPerUser < 1 || maxSubscriptionsPerUser > 10_000) {
            throw new IllegalArgumentException("media.maxSubscriptionsPerUser must be between 1 and 10000, was "
                    + maxSubscriptionsPerUser);
        }
        if (maxConcurrentHandshakes < 1 || maxConcurrentHandshakes > 10_000) {
            throw new IllegalArgumentException("media.maxConcurrentHandshakes must be between 1 and 10000, was "
                    + maxConcurrentHandshakes);
        }
        if (maxPublishKbps != 0 && (maxPublishKbps < 100 || maxPublishKbps > 100_000)) {
            throw new IllegalArgumentException("media.maxPublishKbps must be 0 (no cap) or between 100 and 100000, was "
                    + maxPublishKbps);
        }
    }
}

package io.livestage.sfu.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.livestage.sfu.srtp.SrtpProfile;

/**
 * DTLS settings shared by all transports.
 *
 * @param handshakeTimeout how long a handshake may take from {@link DtlsTransport#start()}
 * @param srtpProfiles     SRTP profiles we accept, most preferred first (offered in this order as client)
 * @param mtu              largest datagram we send; handshake messages are fragmented to fit
 */
public record DtlsConfig(Duration handshakeTimeout, List<SrtpProfile> srtpProfiles, int mtu) {

    public static final DtlsConfig DEFAULT = new DtlsConfig(Duration.ofSeconds(10),
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80), 1200);

    public DtlsConfig {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is needed");
        }
        if (mtu < 256 || mtu > 65_000) {
            throw new IllegalArgumentException("mtu out of range: " + mtu);
        }
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(timeout, srtpProfiles, mtu);
    }

    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(handshakeTimeout, profiles, mtu);
    }
}

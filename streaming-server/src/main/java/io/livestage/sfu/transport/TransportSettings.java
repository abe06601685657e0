package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsConfig;
import java.time.Duration;

/**
 * What every transport of a server shares.
 *
 * @param consentTimeout       a peer whose path in use has proven no consent for this long is closed (RFC 7675)
 * @param maxPublishBitrateBps the REMB cap on what a publisher sends, in bit/s; 0 for none
 * @param firstFlightTimeout   a peer that has not begun its DTLS handshake this long after its first
 *                             ICE check (no first flight, or no address that answered our consent
 *                             check) is closed
 */
public record TransportSettings(DtlsConfig dtls, Duration consentTimeout, long maxPublishBitrateBps,
                                Duration firstFlightTimeout) {
    /** A browser's ClientHello follows its first successful check within a round trip or two. */
    public static final Duration DEFAULT_FIRST_FLIGHT_TIMEOUT = Duration.ofSeconds(3);

    public TransportSettings {
        if (maxPublishBitrateBps < 0) {
            throw new IllegalArgumentException("maxPublishBitrateBps must not be negative: " + maxPublishBitrateBps);
        }
        if (firstFlightTimeout.isNegative() || firstFlightTimeout.isZero()) {
            throw new IllegalArgumentException("firstFlightTimeout must be positive: " + firstFlightTimeout);
        }
    }

    /** Settings with the default first-flight timeout. */
    public TransportSettings(DtlsConfig dtls, Duration consentTimeout, long maxPublishBitrateBps) {
        this(dtls, consentTimeout, maxPublishBitrateBps, DEFAULT_FIRST_FLIGHT_TIMEOUT);
    }
}

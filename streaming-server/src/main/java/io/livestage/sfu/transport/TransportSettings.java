package io.livestage.sfu.transport;

import io.livestage.sfu.dtls.DtlsConfig;
import java.time.Duration;

/**
 * What every transport of a server shares.
 *
 * @param consentTimeout       a peer with no valid ICE check for this long is closed (RFC 7675)
 * @param maxPublishBitrateBps the REMB cap on what a publisher sends, in bit/s; 0 for none
 */
public record TransportSettings(DtlsConfig dtls, Duration consentTimeout, long maxPublishBitrateBps) {
    public TransportSettings {
        if (maxPublishBitrateBps < 0) {
            throw new IllegalArgumentException("maxPublishBitrateBps must not be negative: " + maxPublishBitrateBps);
        }
    }
}

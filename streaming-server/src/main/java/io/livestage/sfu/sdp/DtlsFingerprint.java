package io.livestage.sfu.sdp;

import java.util.Locale;

/** A certificate fingerprint ({@code a=fingerprint}, RFC 8122); hash name lower case, hex upper case. */
public record DtlsFingerprint(String algorithm, String value) {

    public static final String SHA_256 = "sha-256";

    static DtlsFingerprint parse(String text) throws SdpException {
        String[] parts = text.trim().split(" +");
        if (parts.length != 2) {
            throw new SdpException("malformed a=fingerprint:" + text);
        }
        return new DtlsFingerprint(parts[0].toLowerCase(Locale.ROOT), parts[1].toUpperCase(Locale.ROOT));
    }
}

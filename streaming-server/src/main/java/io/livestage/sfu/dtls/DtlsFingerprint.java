package io.livestage.sfu.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it (RFC 8122): {@code a=fingerprint:sha-256 AB:CD:...}.
 *
 * @param hashFunction lower-case SDP hash name, e.g. "sha-256"
 * @param value        upper-case colon-separated hex
 */
public record DtlsFingerprint(String hashFunction, String value) {

    public static final String SHA_256 = "sha-256";

    public DtlsFingerprint {
        hashFunction = Objects.requireNonNull(hashFunction, "hashFunction").toLowerCase(Locale.ROOT);
        value = Objects.requireNonNull(value, "value").toUpperCase(Locale.ROOT);
        digestName(hashFunction);
        if (!value.matches("[0-9A-F]{2}(:[0-9A-F]{2})+")) {
            throw new IllegalArgumentException("not a colon-separated hex fingerprint");
        }
    }

    /** Parses the attribute value "sha-256 AB:CD:..." from SDP. */
    public static DtlsFingerprint parse(String sdpValue) {
        String[] parts = sdpValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected '<hash-function> <fingerprint>'");
        }
        return new DtlsFingerprint(parts[0], parts[1]);
    }

    /** The SHA-256 fingerprint of a DER-encoded certificate. */
    public static DtlsFingerprint sha256Of(byte[] derCertificate) {
        return new DtlsFingerprint(SHA_256, hex(digest(SHA_256, derCertificate)));
    }

    /** True when the DER certificate hashes to this fingerprint under its hash function. */
    public boolean matches(byte[] derCertificate) {
        byte[] expected = HexFormat.ofDelimiter(":").parseHex(value);
        return MessageDigest.isEqual(expected, digest(hashFunction, derCertificate));
    }

    /** The SDP attribute value, "sha-256 AB:CD:...". */
    public String toSdpValue() {
        return hashFunction + " " + value;
    }

    private static byte[] digest(String hashFunction, byte[] data) {
        try {
            return MessageDigest.getInstance(digestName(hashFunction)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without " + hashFunction, e);
        }
    }

    private static String digestName(String hashFunction) {
        return switch (hashFunction) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint hash function: " + hashFunction);
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }
}

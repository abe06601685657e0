package io.livestage.sfu.srtp;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts exported from a DTLS handshake ("EXTRACTOR-dtls_srtp"), split as
 * RFC 5764 4.2 lays them out: client key, server key, client salt, server salt. The DTLS client
 * protects what it sends with the client half; the server with the server half.
 */
public final class SrtpKeyingMaterial {

    private final SrtpProfile profile;
    private final byte[] clientMasterKey;
    private final byte[] serverMasterKey;
    private final byte[] clientMasterSalt;
    private final byte[] serverMasterSalt;

    private SrtpKeyingMaterial(SrtpProfile profile, byte[] clientMasterKey, byte[] serverMasterKey,
            byte[] clientMasterSalt, byte[] serverMasterSalt) {
        this.profile = profile;
        this.clientMasterKey = clientMasterKey;
        this.serverMasterKey = serverMasterKey;
        this.clientMasterSalt = clientMasterSalt;
        this.serverMasterSalt = serverMasterSalt;
    }

    /** Splits the exporter output; {@code exported} must be {@link SrtpProfile#keyingMaterialLength()} bytes. */
    public static SrtpKeyingMaterial fromExporter(SrtpProfile profile, byte[] exported) {
        Objects.requireNonNull(profile, "profile");
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("expected " + profile.keyingMaterialLength()
                    + " bytes of keying material for " + profile + ", got " + exported.length);
        }
        int key = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        return new SrtpKeyingMaterial(profile,
                Arrays.copyOfRange(exported, 0, key),
                Arrays.copyOfRange(exported, key, 2 * key),
                Arrays.copyOfRange(exported, 2 * key, 2 * key + salt),
                Arrays.copyOfRange(exported, 2 * key + salt, 2 * key + 2 * salt));
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] clientMasterKey() {
        return clientMasterKey.clone();
    }

    public byte[] serverMasterKey() {
        return serverMasterKey.clone();
    }

    public byte[] clientMasterSalt() {
        return clientMasterSalt.clone();
    }

    public byte[] serverMasterSalt() {
        return serverMasterSalt.clone();
    }

    /** Constant-time comparison; used by tests to check both DTLS ends derived the same keys. */
    public boolean sameKeysAs(SrtpKeyingMaterial other) {
        return profile == other.profile
                && MessageDigest.isEqual(clientMasterKey, other.clientMasterKey)
                && MessageDigest.isEqual(serverMasterKey, other.serverMasterKey)
                && MessageDigest.isEqual(clientMasterSalt, other.clientMasterSalt)
                && MessageDigest.isEqual(serverMasterSalt, other.serverMasterSalt);
    }

    /** Keys never reach a log line. */
    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + ", keys=<redacted>]";
    }
}

package io.livestage.sfu.srtp;

import org.bouncycastle.tls.SRTPProtectionProfile;

/** The DTLS-SRTP protection profiles we negotiate (RFC 5764, RFC 7714), in our order of preference. */
public enum SrtpProfile {
    /** AES-128-GCM: one AEAD pass, a 16-byte tag; cheaper than CTR + HMAC on AES-NI machines. */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12, 16),
    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag: what every WebRTC stack supports. */
    AES128_CM_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14, 10);

    private final int protectionProfileId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int authTagLength;

    SrtpProfile(int protectionProfileId, int masterKeyLength, int masterSaltLength, int authTagLength) {
        this.protectionProfileId = protectionProfileId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.authTagLength = authTagLength;
    }

    /** The use_srtp extension's profile number. */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    public int authTagLength() {
        return authTagLength;
    }

    /** RFC 5764 4.2: two keys and two salts are exported. */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile for a use_srtp number, or null if we do not support it. */
    public static SrtpProfile forProtectionProfileId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.protectionProfileId == id) {
                return profile;
            }
        }
        return null;
    }
}

package io.livestage.sfu.dtls;

import java.io.IOException;
import java.util.List;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import io.livestage.sfu.srtp.SrtpKeyingMaterial;
import io.livestage.sfu.srtp.SrtpProfile;

/** What our DTLS client and server have in common: credentials, peer check, key export. */
final class DtlsPeerSupport {

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint remoteFingerprint;
    private final List<SrtpProfile> profiles;
    private final DtlsTransport owner;

    DtlsPeerSupport(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
            List<SrtpProfile> profiles, DtlsTransport owner) {
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.profiles = profiles;
        this.owner = owner;
    }

    List<SrtpProfile> profiles() {
        return profiles;
    }

    int[] offeredProfileIds() {
        return profiles.stream().mapToInt(SrtpProfile::protectionProfileId).toArray();
    }

    /** Our certificate and key, signing with ECDSA over SHA-256 (the only pairing a P-256 key needs). */
    TlsCredentialedSigner signerCredentials(TlsContext context) throws IOException {
        TlsCertificate tlsCertificate = crypto.createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), new Certificate(new TlsCertificate[] {tlsCertificate}),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /**
     * The only authentication WebRTC has: the peer's end-entity certificate must hash to the
     * fingerprint from its SDP. BC has already checked the peer holds the matching private key.
     */
    void verifyPeerCertificate(Certificate peerCertificate) throws IOException {
        if (peerCertificate == null || peerCertificate.isEmpty()) {
            throw fail(DtlsFailure.NO_CERTIFICATE, AlertDescription.handshake_failure);
        }
        if (!remoteFingerprint.matches(peerCertificate.getCertificateAt(0).getEncoded())) {
            throw fail(DtlsFailure.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate);
        }
    }

    /** Records the typed reason before BC turns the alert into a generic exception. */
    TlsFatalAlert fail(DtlsFailure reason, short alert) {
        owner.recordFailure(reason);
        return new TlsFatalAlert(alert, reason.name());
    }

    SrtpKeyingMaterial exportKeys(TlsContext context, SrtpProfile profile) {
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        return SrtpKeyingMaterial.fromExporter(profile, exported);
    }

    void alertReceived(short level, short description) {
        owner.alertReceived(level, description);
    }
}

package io.livestage.signaling.server;

import io.livestage.signaling.net.LocalAddresses;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway self-signed certificate for dev mode, naming localhost and every address of this
 * machine, so a phone on the same network can open the page over HTTPS (after accepting it)
 * and get the camera, which browsers give only to secure pages.
 */
record DevCertificate(KeyPair keyPair, X509Certificate certificate, List<String> names) {

    static DevCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            List<String> names = new ArrayList<>(List.of("localhost"));
            List<GeneralName> altNames = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost")));
            for (String address : LocalAddresses.all()) {
                names.add(address);
                altNames.add(new GeneralName(GeneralName.iPAddress, address));
            }
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=LiveStage dev");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, keyPair.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
            return new DevCertificate(keyPair, certificate, List.copyOf(names));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate the dev certificate", e);
        }
    }
}

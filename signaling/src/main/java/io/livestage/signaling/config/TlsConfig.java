package io.livestage.signaling.config;

/**
 * HTTPS/WSS. With {@code certFile} and {@code keyFile} (PEM) set, the server speaks TLS only.
 * {@code selfSigned} generates a throwaway certificate at start (dev mode only), because
 * browsers give the camera only to secure pages and phones on the LAN are not "localhost".
 * {@code terminatedUpstream} says a proxy in front terminates TLS, the only way production
 * accepts plain HTTP on our port.
 */
public record TlsConfig(String certFile, String keyFile, boolean selfSigned, boolean terminatedUpstream) {
    public TlsConfig {
        certFile = certFile == null ? "" : certFile.trim();
        keyFile = keyFile == null ? "" : keyFile.trim();
        if (certFile.isEmpty() != keyFile.isEmpty()) {
            throw new IllegalArgumentException("tls.certFile and tls.keyFile must be set together");
        }
        if (selfSigned && !certFile.isEmpty()) {
            throw new IllegalArgumentException("tls.selfSigned cannot be combined with tls.certFile");
        }
    }

    public boolean enabled() {
        return selfSigned || !certFile.isEmpty();
    }
}

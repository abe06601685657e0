package io.livestage.sfu.sdp;

/** The {@code a=setup} role (RFC 4145, RFC 5763): who starts the DTLS handshake. */
public enum DtlsSetup {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String attribute;

    DtlsSetup(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    static DtlsSetup parse(String value) throws SdpException {
        for (DtlsSetup setup : values()) {
            if (setup.attribute.equals(value.trim())) {
                return setup;
            }
        }
        throw new SdpException("unknown a=setup:" + value);
    }
}

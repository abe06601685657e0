package io.livestage.sfu.sdp;

/** The direction attribute of an m-section (RFC 8866 section 6.7). */
public enum MediaDirection {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    MediaDirection(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    /** True when the peer that wrote this direction sends media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    static MediaDirection fromAttribute(String name) {
        for (MediaDirection direction : values()) {
            if (direction.attribute.equals(name)) {
                return direction;
            }
        }
        return null;
    }
}

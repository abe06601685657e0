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

    /** The direction an attribute name says, or null: asked of every attribute, so a switch, not a loop of equals. */
    static MediaDirection fromAttribute(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}

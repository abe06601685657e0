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

    /**
     * The direction an attribute name says, or null. Asked of every attribute, so a length check
     * first: all four names have eight letters, and few other attributes do. Under the fuzzer the
     * switch alone is no cheaper than a loop of {@code equals}: Jazzer rewrites a switch over
     * strings into a hooked {@code equals} per case (docs/fuzzing.md, fifth round).
     */
    static MediaDirection fromAttribute(String name) {
        if (name == null || name.length() != 8) {
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

package io.livestage.sfu.sdp;

/** One {@code a=} line: {@code a=name:value}, or {@code a=name} with a null value for flags. */
public record SdpAttribute(String name, String value) {

    static SdpAttribute parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new SdpAttribute(text, null) : new SdpAttribute(text.substring(0, colon), text.substring(colon + 1));
    }
}

package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.List;

/** One raw m-section: its {@code m=} line and its attributes in order. */
public record SdpMedia(String kind, int port, String proto, List<String> formats, List<SdpAttribute> attributes) {

    public SdpMedia {
        formats = List.copyOf(formats);
        attributes = List.copyOf(attributes);
    }

    /** The value of the first attribute named {@code name}, or null (also for a flag). */
    public String value(String name) {
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return attribute.value();
            }
        }
        return null;
    }

    public boolean has(String name) {
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Values of every attribute named {@code name}, in order. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equals(name) && attribute.value() != null) {
                values.add(attribute.value());
            }
        }
        return values;
    }
}

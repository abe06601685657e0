package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes by name, indexed in one pass. Reading a section asks about twenty names of it (and a
 * few of the session); {@link SdpMedia#value} and friends scan every attribute for each, so a
 * browser's section of forty to eighty attributes cost a thousand string comparisons, which under
 * the fuzzer's comparison hooks were two thirds of the parse. Answers what those methods answer.
 */
final class AttributeIndex {
    private final Map<String, List<SdpAttribute>> byName = new HashMap<>();

    AttributeIndex(List<SdpAttribute> attributes) {
        for (SdpAttribute attribute : attributes) {
            byName.computeIfAbsent(attribute.name(), name -> new ArrayList<>(1)).add(attribute);
        }
    }

    /** The value of the first attribute named {@code name}, or null (also for a flag). */
    String value(String name) {
        List<SdpAttribute> named = byName.get(name);
        return named == null ? null : named.get(0).value();
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Values of every attribute named {@code name} that has one, in order, in a list of the caller's. */
    List<String> values(String name) {
        List<String> values = new ArrayList<>();
        List<SdpAttribute> named = byName.get(name);
        if (named != null) {
            for (SdpAttribute attribute : named) {
                if (attribute.value() != null) {
                    values.add(attribute.value());
                }
            }
        }
        return values;
    }
}

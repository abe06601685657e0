package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Header extension ids across one BUNDLE group: one id per URI and one URI per id in every
 * bundled m-section (RFC 8843 section 9.2; Chrome refuses an offer that reuses an id for another
 * URI). When publishers disagree, the section offered first wins: a URI keeps its id while any
 * bundled section uses it, a later track follows that id, and a track whose id is taken by
 * another URI gets the lowest free one-byte id (1-14): we never offer extmap-allow-mixed, so
 * two-byte headers are not negotiated.
 */
final class ExtensionIdNumbering {

    private static final int MAX_ONE_BYTE_ID = 14;

    private final Map<String, Integer> idByUri = new HashMap<>();
    private final Map<Integer, String> uriById = new HashMap<>();

    void reserve(List<HeaderExtension> extensions) {
        for (HeaderExtension extension : extensions) {
            idByUri.put(extension.uri(), extension.id());
            uriById.put(extension.id(), extension.uri());
        }
    }

    /** The track's extensions numbered for this group, in the track's order. */
    List<HeaderExtension> assign(List<HeaderExtension> published) {
        List<HeaderExtension> assigned = new ArrayList<>();
        for (HeaderExtension extension : published) {
            assigned.add(new HeaderExtension(bind(extension), extension.uri()));
        }
        return assigned;
    }

    private int bind(HeaderExtension extension) {
        Integer known = idByUri.get(extension.uri());
        if (known != null) {
            return known;
        }
        int id = extension.id();
        if (uriById.containsKey(id) || id > MAX_ONE_BYTE_ID) {
            id = 1;
            while (uriById.containsKey(id)) {
                id++;
            }
            if (id > MAX_ONE_BYTE_ID) {
                throw new IllegalStateException("no free one-byte header extension id left in the BUNDLE group");
            }
        }
        idByUri.put(extension.uri(), id);
        uriById.put(id, extension.uri());
        return id;
    }
}

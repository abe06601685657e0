package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulcast layers an m-section offers to send (RFC 8853 {@code a=simulcast:send}, each layer
 * named by an RFC 8851 {@code a=rid:<id> send}), in the order the offer lists them. By the
 * convention browsers and SFUs share (the order of {@code sendEncodings}), the first is the lowest
 * resolution: that order is our spatial layer index. A paused layer ({@code ~rid}) is still a layer;
 * of a group of alternatives ({@code a,b}) the first is taken.
 */
final class SimulcastOffer {
    /** Three layers (full, half and quarter size) cover phones to desktops; more only cost state. */
    static final int MAX_LAYERS = 3;
    /** RFC 8851 rid-syntax; at most 16 characters so it fits a one-byte header extension element. */
    private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private SimulcastOffer() {
    }

    /** The offered send layers' rids, lowest first; empty when the section offers no simulcast. */
    static List<String> rids(AttributeIndex media) throws SdpException {
        String simulcast = media.value("simulcast");
        if (simulcast == null) {
            return List.of();
        }
        Set<String> declared = declaredSendRids(media);
        String[] parts = SdpText.fields(simulcast.trim());
        List<String> layers = new ArrayList<>();
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (!parts[i].equals("send")) {
                continue;
            }
            for (String alternatives : parts[i + 1].split(";")) {
                // The text before the first comma: split(",") left nothing of "," to take (a fuzzing finding).
                int comma = alternatives.indexOf(',');
                String rid = comma < 0 ? alternatives : alternatives.substring(0, comma);
                rid = rid.startsWith("~") ? rid.substring(1) : rid;
                if (!declared.contains(rid)) {
                    throw new SdpException("a=simulcast names rid '" + rid + "', which no a=rid:" + rid + " send declares");
                }
                if (layers.contains(rid)) {
                    throw new SdpException("a=simulcast lists rid '" + rid + "' twice");
                }
                layers.add(rid);
            }
        }
        if (layers.size() > MAX_LAYERS) {
            throw new SdpException("a=simulcast offers " + layers.size() + " layers; we take at most " + MAX_LAYERS);
        }
        return layers.size() < 2 ? List.of() : List.copyOf(layers);
    }

    private static Set<String> declaredSendRids(AttributeIndex media) throws SdpException {
        Set<String> rids = new HashSet<>();
        for (String value : media.values("rid")) {
            String[] parts = SdpText.fields(value.trim());
            if (parts.length < 2 || !RID.matcher(parts[0]).matches()) {
                throw new SdpException("malformed a=rid:" + value);
            }
            if (parts[1].equals("send") && !rids.add(parts[0])) {
                throw new SdpException("a=rid:" + parts[0] + " is declared twice");
            }
        }
        return rids;
    }
}

package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A WebRTC offer, interpreted: its BUNDLE group and its m-sections.
 *
 * <p>Parsing already refuses what cannot be an offer from a WebRTC endpoint: no m-section, an
 * m-section without {@code a=mid}, duplicate mids, malformed lines.
 */
public record SdpOffer(List<String> bundleMids, boolean iceLite, List<OfferedSection> sections) {

    public SdpOffer {
        bundleMids = List.copyOf(bundleMids);
        sections = List.copyOf(sections);
    }

    public static SdpOffer parse(String sdp) throws SdpException {
        SdpDocument document = SdpDocument.parse(sdp);
        if (document.media().isEmpty()) {
            throw new SdpException("the offer has no m-section");
        }
        List<OfferedSection> sections = new ArrayList<>();
        Set<String> mids = new HashSet<>();
        for (SdpMedia media : document.media()) {
            OfferedSection section = OfferedSectionParser.parse(media, document);
            if (section.mid() == null || section.mid().isEmpty()) {
                throw new SdpException("m-section " + (sections.size() + 1) + " (" + media.kind() + ") has no a=mid");
            }
            if (!mids.add(section.mid())) {
                throw new SdpException("duplicate a=mid:" + section.mid());
            }
            sections.add(section);
        }
        return new SdpOffer(bundleGroup(document), document.sessionHas("ice-lite"), sections);
    }

    /** The mids of the document's {@code a=group:BUNDLE}, or empty. */
    static List<String> bundleGroup(SdpDocument document) {
        for (SdpAttribute attribute : document.sessionAttributes()) {
            if (attribute.name().equals("group") && attribute.value() != null) {
                String[] parts = SdpText.fields(attribute.value().trim());
                if (parts[0].equals("BUNDLE")) {
                    return List.of(parts).subList(1, parts.length);
                }
            }
        }
        return List.of();
    }

    public OfferedSection section(String mid) {
        for (OfferedSection section : sections) {
            if (section.mid().equals(mid)) {
                return section;
            }
        }
        return null;
    }
}

package io.livestage.sfu.sdp;

import java.util.List;

/**
 * An m-section we accepted, as the media plane needs it: what the publisher will send and how.
 *
 * @param direction our answer's direction: recvonly, or inactive when the offerer sends nothing
 * @param codecs the accepted payload types, RTX ones included, with the feedback we agreed to
 * @param extensions the accepted header extensions with the offer's ids
 * @param ssrcs the SSRCs the offer announced (media and RTX)
 * @param ssrcGroups e.g. FID groups pairing a media SSRC with its RTX SSRC
 * @param rids the simulcast layers we accepted, lowest first, their SSRCs to be learned from the
 *     RID header extension; empty for a section without simulcast
 * @param msid the section's {@code a=msid} ("stream track"), or null: a simulcast section announces
 *     no SSRCs to carry it
 */
public record AcceptedMedia(String mid, String kind, MediaDirection direction, List<RtpCodec> codecs,
        List<HeaderExtension> extensions, List<SsrcDescription> ssrcs, List<SsrcGroup> ssrcGroups,
        List<String> rids, String msid) {

    public AcceptedMedia {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
    }

    /** A section without simulcast. */
    public AcceptedMedia(String mid, String kind, MediaDirection direction, List<RtpCodec> codecs,
                         List<HeaderExtension> extensions, List<SsrcDescription> ssrcs, List<SsrcGroup> ssrcGroups) {
        this(mid, kind, direction, codecs, extensions, ssrcs, ssrcGroups, List.of(), null);
    }

    public boolean simulcast() {
        return !rids.isEmpty();
    }

    /** The id for {@code uri} (see {@link HeaderExtension} constants), or -1 when not negotiated. */
    public int extensionId(String uri) {
        return HeaderExtension.idOf(extensions, uri);
    }

    public RtpCodec codec(int payloadType) {
        return RtpCodec.find(codecs, payloadType);
    }

    /**
     * The layers of a track announced in SSRCs ({@code a=ssrc-group:SIM}, lowest first): what a relay from another
     * node of ours sends. Empty when the section has no such group, or one we do not take: fewer than two or more
     * than {@link SimulcastOffer#MAX_LAYERS} layers, an SSRC named twice or not announced, or a section that also
     * offers RID layers. The section's other SSRCs are then streams of their own, as without the group.
     */
    public List<Long> ssrcLayers() {
        if (simulcast()) {
            return List.of();
        }
        for (SsrcGroup group : ssrcGroups) {
            List<Long> layers = group.ssrcs();
            if (!group.semantics().equals(SsrcGroup.SIM) || layers.size() < 2 || layers.size() > SimulcastOffer.MAX_LAYERS
                    || layers.stream().distinct().count() != layers.size()
                    || !layers.stream().allMatch(ssrc -> ssrcs.stream().anyMatch(known -> known.ssrc() == ssrc))) {
                continue;
            }
            return layers;
        }
        return List.of();
    }

    /** The RTX SSRC paired with {@code mediaSsrc} by an FID group, or -1. */
    public long rtxSsrc(long mediaSsrc) {
        for (SsrcGroup group : ssrcGroups) {
            if (group.semantics().equals(SsrcGroup.FID) && group.ssrcs().size() == 2
                    && group.ssrcs().get(0) == mediaSsrc) {
                return group.ssrcs().get(1);
            }
        }
        return -1;
    }
}

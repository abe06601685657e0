package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the SFU receives from a publisher: Opus; VP8 and H.264 in packetization mode 1 (the one
 * browsers and phone hardware encoders use, and the one we can forward without reassembly); the
 * RTX payload types of those; and the header extensions and feedback the media plane acts on.
 */
final class PublisherCodecPolicy {

    private static final Set<String> FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "transport-cc");
    private static final Set<String> EXTENSIONS = Set.of(HeaderExtension.MID, HeaderExtension.ABS_SEND_TIME,
            HeaderExtension.TRANSPORT_CC);
    private static final Set<String> SIMULCAST_EXTENSIONS = Set.of(HeaderExtension.RID, HeaderExtension.REPAIRED_RID);

    private PublisherCodecPolicy() {
    }

    /** The offer's codecs we accept, in the offer's order, with only the feedback we support. */
    static List<RtpCodec> codecs(OfferedSection section) {
        List<RtpCodec> primaries = new ArrayList<>();
        for (RtpCodec codec : section.codecs()) {
            if (isSupported(section.kind(), codec)) {
                primaries.add(codec);
            }
        }
        List<RtpCodec> accepted = new ArrayList<>();
        for (RtpCodec codec : section.codecs()) {
            if (primaries.contains(codec) || isRtxFor(codec, primaries)) {
                accepted.add(codec.withFeedback(supportedFeedback(codec)));
            }
        }
        return accepted;
    }

    /**
     * The simulcast layers we take: the offer's, when it also sends the RID extension that tells
     * their packets apart (their SSRCs are not signalled). Without it the section falls back to one
     * stream, as JSEP has a browser do for an answer without {@code a=simulcast}.
     */
    static List<String> layers(OfferedSection section) {
        return section.extensionId(HeaderExtension.RID) > 0 ? section.rids() : List.of();
    }

    private static boolean isSupported(String kind, RtpCodec codec) {
        String name = codec.name();
        if (kind.equals("audio")) {
            return name.equalsIgnoreCase("opus") && codec.clockRate() == 48000;
        }
        if (kind.equals("video") && codec.clockRate() == 90000) {
            return name.equalsIgnoreCase("VP8")
                    || (name.equalsIgnoreCase("H264") && "1".equals(codec.parameter("packetization-mode")));
        }
        return false;
    }

    private static boolean isRtxFor(RtpCodec codec, List<RtpCodec> primaries) {
        int apt = codec.associatedPayloadType();
        for (RtpCodec primary : primaries) {
            if (primary.payloadType() == apt) {
                return true;
            }
        }
        return false;
    }

    private static List<String> supportedFeedback(RtpCodec codec) {
        List<String> kept = new ArrayList<>();
        for (String feedback : codec.feedback()) {
            if (FEEDBACK.contains(feedback) && !kept.contains(feedback)) {
                kept.add(feedback);
            }
        }
        return kept;
    }

    /**
     * The offer's header extensions we accept, with the offer's ids; audio level only for audio, the
     * stream ids (RID and repaired RID) only where they name simulcast layers.
     */
    static List<HeaderExtension> extensions(OfferedSection section) {
        List<HeaderExtension> accepted = new ArrayList<>();
        for (HeaderExtension extension : section.extensions()) {
            boolean audioLevel = extension.uri().equals(HeaderExtension.AUDIO_LEVEL) && section.kind().equals("audio");
            boolean layerIds = SIMULCAST_EXTENSIONS.contains(extension.uri()) && !section.rids().isEmpty();
            if (EXTENSIONS.contains(extension.uri()) || audioLevel || layerIds) {
                accepted.add(extension);
            }
        }
        return accepted;
    }
}

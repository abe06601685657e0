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

    /** The offer's header extensions we accept, with the offer's ids; audio level only for audio. */
    static List<HeaderExtension> extensions(OfferedSection section) {
        List<HeaderExtension> accepted = new ArrayList<>();
        for (HeaderExtension extension : section.extensions()) {
            boolean audioLevel = extension.uri().equals(HeaderExtension.AUDIO_LEVEL) && section.kind().equals("audio");
            if (EXTENSIONS.contains(extension.uri()) || audioLevel) {
                accepted.add(extension);
            }
        }
        return accepted;
    }
}

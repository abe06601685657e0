package io.livestage.sfu.sdp;

import java.util.List;

/**
 * How a subscriber answered one of our m-sections.
 *
 * @param accepted false when the answer rejected the section (port 0) or we had closed it
 * @param direction the subscriber's direction: recvonly or inactive
 * @param codecs the payload types the subscriber kept (a subset of ours) with the feedback it agreed to
 * @param extensions the header extensions the subscriber kept, with our ids
 */
public record AnsweredSection(String mid, boolean accepted, MediaDirection direction, List<RtpCodec> codecs,
        List<HeaderExtension> extensions) {

    public AnsweredSection {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /** True when the subscriber wants the media: forward only then. */
    public boolean receives() {
        return accepted && direction == MediaDirection.RECVONLY;
    }

    public RtpCodec codec(int payloadType) {
        return RtpCodec.find(codecs, payloadType);
    }

    /** The id of {@code uri} if the subscriber kept it, or -1. */
    public int extensionId(String uri) {
        return HeaderExtension.idOf(extensions, uri);
    }
}

package io.livestage.sfu.sdp;

import java.util.List;

/**
 * One m-section of a subscriber's offer. Its codecs and extensions are the track's, renumbered
 * where another section of the same BUNDLE group already gave the number another meaning; the
 * media plane rewrites forwarded packets with {@link #payloadType(int)} and {@link #extensionId(int)}
 * (both identities in the usual case of publishers running the same browser).
 *
 * <p>The publisher's {@code sdes:mid} value names the publisher's m-section, not this one, so a
 * forwarder that keeps the MID extension must put {@link #mid()} in it (or drop it: the
 * subscriber also finds the track by the SSRC this offer announces).
 *
 * @param track what we forward, or null for the placeholder of a room without publishers
 * @param codecs as offered to the subscriber, in the track's order
 * @param extensions as offered to the subscriber, in the track's order
 */
public record SubscriberSection(String mid, String kind, SectionState state, OutgoingTrack track,
        List<RtpCodec> codecs, List<HeaderExtension> extensions) {

    public SubscriberSection {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /** The payload type this section uses for the publisher's {@code publisherPayloadType}, or -1. */
    public int payloadType(int publisherPayloadType) {
        if (track == null) {
            return -1;
        }
        List<RtpCodec> published = track.codecs();
        for (int i = 0; i < published.size(); i++) {
            if (published.get(i).payloadType() == publisherPayloadType) {
                return codecs.get(i).payloadType();
            }
        }
        return -1;
    }

    /** The header extension id this section uses for the publisher's {@code publisherId}, or -1. */
    public int extensionId(int publisherId) {
        if (track == null) {
            return -1;
        }
        List<HeaderExtension> published = track.extensions();
        for (int i = 0; i < published.size(); i++) {
            if (published.get(i).id() == publisherId) {
                return extensions.get(i).id();
            }
        }
        return -1;
    }

    /** True while the section is in the BUNDLE group (sending or the inactive anchor). */
    public boolean bundled() {
        return state != SectionState.CLOSED;
    }

    SubscriberSection withState(SectionState next) {
        return new SubscriberSection(mid, kind, next, track, codecs, extensions);
    }
}

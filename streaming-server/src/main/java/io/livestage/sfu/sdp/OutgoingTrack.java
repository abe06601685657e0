package io.livestage.sfu.sdp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A publisher's track as a subscriber's offer announces it: taken from the publisher's
 * {@link AcceptedMedia}, forwarded with the publisher's SSRCs.
 *
 * <p>The record is also the track's identity for {@link SubscriberOfferBuilder}: a track is
 * "the same" in two offers only when the two records are equal. A changed record (new SSRC,
 * different codecs after a republish) is a new track in a new m-section, never an in-place edit
 * the browser could misapply to a running decoder.
 *
 * @param kind "audio" or "video"
 * @param publisherUserId who publishes it, for the media plane to find its producer
 * @param streamId the msid stream id: the publisher's, so a viewer syncs its audio with its video
 * @param trackId the msid track id
 * @param ssrc the media SSRC
 * @param rtxSsrc the RTX SSRC paired with it (FID), or -1 without RTX
 * @param cname the publisher's RTCP CNAME, shared by its tracks (RFC 7022), again for lip sync
 * @param codecs the publisher's accepted codecs with its payload types, RTX included
 * @param extensions the publisher's accepted header extensions with its ids
 */
public record OutgoingTrack(String kind, String publisherUserId, String streamId, String trackId, long ssrc,
        long rtxSsrc, String cname, List<RtpCodec> codecs, List<HeaderExtension> extensions) {

    public OutgoingTrack {
        if (!"audio".equals(kind) && !"video".equals(kind)) {
            throw new IllegalArgumentException("kind must be audio or video, got " + kind);
        }
        Objects.requireNonNull(publisherUserId, "publisherUserId");
        requireToken(streamId, "streamId");
        requireToken(trackId, "trackId");
        requireToken(cname, "cname");
        requireSsrc(ssrc, "ssrc");
        if (rtxSsrc != -1) {
            requireSsrc(rtxSsrc, "rtxSsrc");
            if (rtxSsrc == ssrc) {
                throw new IllegalArgumentException("rtxSsrc must differ from ssrc");
            }
        }
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        requirePlayableCodecs(codecs);
    }

    /** An SDP token: msid and cname values end at the first space, so one inside would corrupt the line. */
    private static void requireToken(String value, String what) {
        if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(what + " must be a non-empty token without spaces");
        }
    }

    private static void requireSsrc(long ssrc, String what) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " is not a 32-bit SSRC: " + ssrc);
        }
    }

    private static void requirePlayableCodecs(List<RtpCodec> codecs) {
        Set<Integer> primaries = new HashSet<>();
        Set<Integer> seen = new HashSet<>();
        for (RtpCodec codec : codecs) {
            if (!seen.add(codec.payloadType())) {
                throw new IllegalArgumentException("payload type " + codec.payloadType() + " appears twice");
            }
            if (!codec.isRtx()) {
                primaries.add(codec.payloadType());
            }
        }
        if (primaries.isEmpty()) {
            throw new IllegalArgumentException("a track needs at least one codec besides RTX");
        }
        for (RtpCodec codec : codecs) {
            if (codec.isRtx() && !primaries.contains(codec.associatedPayloadType())) {
                throw new IllegalArgumentException("RTX payload type " + codec.payloadType()
                        + " retransmits " + codec.associatedPayloadType() + ", which the track does not carry");
            }
        }
    }
}

package io.livestage.sfu.sdp;

import java.util.ArrayList;
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
 * @param layers for a track sent in every simulcast layer (a media relay to another node): each layer's stream,
 *     lowest first, the first being {@code ssrc} and {@code rtxSsrc}; empty for a track sent as one stream
 */
public record OutgoingTrack(String kind, String publisherUserId, String streamId, String trackId, long ssrc,
        long rtxSsrc, String cname, List<RtpCodec> codecs, List<HeaderExtension> extensions,
        List<LayerStream> layers) {

    /** A track sent as one stream. */
    public OutgoingTrack(String kind, String publisherUserId, String streamId, String trackId, long ssrc,
                         long rtxSsrc, String cname, List<RtpCodec> codecs, List<HeaderExtension> extensions) {
        this(kind, publisherUserId, streamId, trackId, ssrc, rtxSsrc, cname, codecs, extensions, List.of());
    }

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
        layers = List.copyOf(layers);
        requireLayers(layers, ssrc, rtxSsrc);
    }

    /** Every SSRC the track is sent with: media and RTX, of every layer. */
    public List<Long> ssrcs() {
        List<Long> all = new ArrayList<>();
        if (layers.isEmpty()) {
            all.add(ssrc);
            if (rtxSsrc != -1) {
                all.add(rtxSsrc);
            }
        }
        for (LayerStream layer : layers) {
            all.add(layer.ssrc());
            if (layer.rtxSsrc() != -1) {
                all.add(layer.rtxSsrc());
            }
        }
        return all;
    }

    private static void requireLayers(List<LayerStream> layers, long ssrc, long rtxSsrc) {
        if (layers.size() == 1) {
            throw new IllegalArgumentException("a track sent in layers has at least two");
        }
        if (!layers.isEmpty() && (layers.get(0).ssrc() != ssrc || layers.get(0).rtxSsrc() != rtxSsrc)) {
            throw new IllegalArgumentException("the lowest layer's stream must be the track's ssrc and rtxSsrc");
        }
        for (LayerStream layer : layers) {
            requireSsrc(layer.ssrc(), "a layer's ssrc");
            if (layer.rtxSsrc() != -1) {
                requireSsrc(layer.rtxSsrc(), "a layer's rtxSsrc");
            }
            if ((layer.rtxSsrc() == -1) != (rtxSsrc == -1)) {
                throw new IllegalArgumentException("either every layer has an RTX stream or none has");
            }
        }
    }

    /**
     * One simulcast layer of a track sent in layers: its media SSRC and the RTX SSRC paired with it (-1 without RTX).
     */
    public record LayerStream(long ssrc, long rtxSsrc) {
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

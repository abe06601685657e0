package io.livestage.sfu.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the offers of one subscription (the server is the offerer for viewers) and keeps the
 * renegotiation rules across them, so the caller only says which tracks the room has now:
 * <ul>
 * <li>mids are "0", "1", ... in order of creation and never reused, even for the same track
 *     coming back;</li>
 * <li>m-sections never disappear or move: a gone track's section is closed (port 0, out of the
 *     BUNDLE group), except the first bundled one, the BUNDLE tag carrying the transport, which
 *     goes {@code a=inactive} instead, because moving the tag makes browsers renegotiate the
 *     transport (mediasoup keeps its first section for the same reason);</li>
 * <li>new tracks are appended, in the order given;</li>
 * <li>an offer without tracks still needs an m-section for ICE and DTLS to run (no m-section, no
 *     transport; we have no data channel to offer), so a room without publishers gets an inactive
 *     audio placeholder, which then stays as the anchor;</li>
 * <li>payload types and extension ids are renumbered only where publishers collide inside the
 *     group (see {@link PayloadTypeNumbering}, {@link ExtensionIdNumbering}); a section keeps its
 *     numbers for its whole life;</li>
 * <li>the o= session id stays, the version goes up by one per offer (RFC 3264 section 8).</li>
 * </ul>
 *
 * <p>Not thread-safe: one subscription's offers are made by its room's thread, one at a time,
 * and a new offer should wait for the answer to the previous one.
 */
public final class SubscriberOfferBuilder {

    /** The opus line Chrome publishers use, so the placeholder does not push a real track off 111. */
    private static final RtpCodec PLACEHOLDER_CODEC =
            new RtpCodec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc"));

    private final long sessionId;
    private final List<SubscriberSection> sections = new ArrayList<>();
    /** Tracks the subscriber rejected: offering them again would only be rejected again. */
    private final Set<OutgoingTrack> refused = new HashSet<>();
    private long sessionVersion;
    private int nextMid;

    /** @param sessionId the o= session id: random, positive, kept for the subscription's life */
    public SubscriberOfferBuilder(long sessionId) {
        if (sessionId <= 0) {
            throw new IllegalArgumentException("the o= session id must be positive");
        }
        this.sessionId = sessionId;
    }

    /**
     * The next offer, sending {@code tracks} (the room's tracks this subscriber should receive),
     * except those the subscriber rejected before. {@code local} may change between offers for an
     * ICE restart.
     *
     * @throws IllegalArgumentException for a track listed twice or two tracks sharing an SSRC
     */
    public SubscriberOffer offer(LocalTransportDescription local, List<OutgoingTrack> tracks) {
        requireDistinct(tracks);
        retireGoneTracks(tracks);
        appendNewTracks(tracks);
        if (anchorIndex() < 0) {
            sections.add(new SubscriberSection(Integer.toString(nextMid++), "audio", SectionState.INACTIVE, null,
                    List.of(PLACEHOLDER_CODEC), List.of()));
        }
        sessionVersion++;
        String sdp = SubscriberOfferWriter.write(local, sessionId, sessionVersion, sections);
        return new SubscriberOffer(sdp, sessionId, sessionVersion, sections);
    }

    /**
     * Records what the subscriber rejected (port 0 in its answer): those sections are closed in
     * every later offer, as JSEP requires for a stopped transceiver, and their tracks are not
     * offered again.
     */
    public void answered(SubscriberAnswer answer) {
        for (int i = 0; i < sections.size(); i++) {
            SubscriberSection section = sections.get(i);
            AnsweredSection answered = answer.section(section.mid());
            if (answered != null && !answered.accepted() && section.bundled()) {
                sections.set(i, section.withState(SectionState.CLOSED));
                if (section.track() != null) {
                    refused.add(section.track());
                }
            }
        }
    }

    private static void requireDistinct(List<OutgoingTrack> tracks) {
        Set<OutgoingTrack> seen = new HashSet<>();
        Set<Long> ssrcs = new HashSet<>();
        for (OutgoingTrack track : tracks) {
            if (!seen.add(track)) {
                throw new IllegalArgumentException("track " + track.trackId() + " is listed twice");
            }
            for (long ssrc : track.ssrcs()) {
                if (!ssrcs.add(ssrc)) {
                    throw new IllegalArgumentException("track " + track.trackId() + " reuses an SSRC of another track");
                }
            }
        }
    }

    private void retireGoneTracks(List<OutgoingTrack> tracks) {
        int anchor = anchorIndex();
        for (int i = 0; i < sections.size(); i++) {
            SubscriberSection section = sections.get(i);
            if (section.state() == SectionState.SENDING && !tracks.contains(section.track())) {
                sections.set(i, section.withState(i == anchor ? SectionState.INACTIVE : SectionState.CLOSED));
            }
        }
    }

    private void appendNewTracks(List<OutgoingTrack> tracks) {
        PayloadTypeNumbering payloadTypes = new PayloadTypeNumbering();
        ExtensionIdNumbering extensionIds = new ExtensionIdNumbering();
        Set<OutgoingTrack> sending = new HashSet<>();
        for (SubscriberSection section : sections) {
            if (section.bundled()) {
                payloadTypes.reserve(section.kind(), section.codecs());
                extensionIds.reserve(section.extensions());
            }
            if (section.state() == SectionState.SENDING) {
                sending.add(section.track());
            }
        }
        for (OutgoingTrack track : tracks) {
            if (!sending.contains(track) && !refused.contains(track)) {
                sections.add(new SubscriberSection(Integer.toString(nextMid++), track.kind(), SectionState.SENDING,
                        track, payloadTypes.assign(track.kind(), track.codecs()),
                        extensionIds.assign(track.extensions())));
            }
        }
    }

    /** The BUNDLE tag: the first section still in the group, or -1. */
    private int anchorIndex() {
        for (int i = 0; i < sections.size(); i++) {
            if (sections.get(i).bundled()) {
                return i;
            }
        }
        return -1;
    }
}

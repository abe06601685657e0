package io.livestage.sfu;

import io.livestage.sfu.sdp.OutgoingTrack;
import io.livestage.sfu.transport.MediaSource;
import io.livestage.sfu.transport.TrackDescription;
import io.livestage.sfu.transport.WebRtcTransport;

/** A track a room's subscribers can receive now: how offers describe it, and where it comes from. */
record LiveTrack(OutgoingTrack track, MediaSource source, WebRtcTransport publisher) {

    static LiveTrack of(MediaSource source, WebRtcTransport publisher) {
        TrackDescription description = source.description();
        String userToken = token(publisher.userId());
        String[] msid = description.msid() == null ? new String[0] : description.msid().trim().split("\\s+");
        String stream = msid.length >= 1 && !msid[0].isEmpty() ? token(msid[0]) : "livestage-" + userToken;
        String trackId = msid.length >= 2 ? token(msid[1]) : description.kind() + "-" + description.ssrc();
        // An empty CNAME ("a=ssrc:1 cname:", which RFC 5576 does not allow) is no CNAME, as an empty msid is no msid.
        String cname = description.cname() == null || description.cname().isEmpty() ? "livestage-" + userToken
                : token(description.cname());
        return new LiveTrack(new OutgoingTrack(description.kind(), publisher.userId(), stream, trackId, description.ssrc(),
                description.rtxSsrc(), cname, description.codecs(), description.extensions()), source, publisher);
    }

    /** SDP tokens end at whitespace; anything else is kept so a publisher's own ids survive. */
    private static String token(String text) {
        return text.replaceAll("[\\s\\x00-\\x20]", "-");
    }
}

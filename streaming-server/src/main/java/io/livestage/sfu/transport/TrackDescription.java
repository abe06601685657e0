package io.livestage.sfu.transport;

import io.livestage.sfu.sdp.HeaderExtension;
import io.livestage.sfu.sdp.RtpCodec;
import java.util.List;

/**
 * An incoming track as its publisher's SDP described it: what a subscriber's offer repeats so
 * the forwarded packets need no rewriting (same SSRCs, payload types and extension ids).
 *
 * @param rtxSsrc the paired retransmission SSRC, or -1
 * @param cname   the publisher's RTCP CNAME, or null when not announced
 * @param msid    the publisher's "stream track" ids, or null when not announced
 */
public record TrackDescription(String mid, String kind, long ssrc, long rtxSsrc, String cname, String msid,
                               List<RtpCodec> codecs, List<HeaderExtension> extensions) {
    public TrackDescription {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }
}

package io.livestage.sfu.sdp;

import java.util.List;

/**
 * An {@code a=ssrc-group}: for {@code FID} (RFC 5576 with RFC 4588) the first SSRC is the media
 * stream and the second its retransmission (RTX) stream; for {@code SIM} (libwebrtc's SDP-signalled
 * simulcast, which our relays between nodes use) the SSRCs are a track's simulcast layers, lowest first.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}

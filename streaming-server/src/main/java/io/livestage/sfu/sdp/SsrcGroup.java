package io.livestage.sfu.sdp;

import java.util.List;

/**
 * An {@code a=ssrc-group}: for {@code FID} (RFC 5576 with RFC 4588) the first SSRC is the media
 * stream and the second its retransmission (RTX) stream.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public static final String FID = "FID";

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}

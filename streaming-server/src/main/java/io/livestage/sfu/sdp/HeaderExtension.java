package io.livestage.sfu.sdp;

import java.util.List;

/** An RTP header extension mapping ({@code a=extmap}, RFC 8285): the id used on the wire and its URI. */
public record HeaderExtension(int id, String uri) {

    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** The id given to {@code uri} in the list, or -1. */
    public static int idOf(List<HeaderExtension> extensions, String uri) {
        for (HeaderExtension extension : extensions) {
            if (extension.uri().equals(uri)) {
                return extension.id();
            }
        }
        return -1;
    }
}

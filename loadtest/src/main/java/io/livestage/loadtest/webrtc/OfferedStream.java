package io.livestage.loadtest.webrtc;

import java.util.Map;

/**
 * One track a server's subscriber offer sends us: its m-section, media SSRC (and RTX SSRC from the
 * FID group, or -1), and codec names by the payload types of that section.
 */
public record OfferedStream(String mid, String kind, long ssrc, long rtxSsrc, Map<Integer, String> codecs,
        int clockRate) {

    public OfferedStream {
        codecs = Map.copyOf(codecs);
    }

    /** The codec name of {@code payloadType}, or null when the section did not offer it. */
    public String codec(int payloadType) {
        return codecs.get(payloadType);
    }
}

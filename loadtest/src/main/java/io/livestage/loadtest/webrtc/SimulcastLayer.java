package io.livestage.loadtest.webrtc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One simulcast layer a publisher sends: its rid (RFC 8851) and the shape of its synthetic VP8.
 * Each layer is a stream of its own (SSRC, sequence numbers, timestamps, picture ids).
 */
public record SimulcastLayer(String rid, VideoSettings video) {

    /** RFC 8851 rid-syntax, short enough for a one-byte header extension element. */
    private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    public SimulcastLayer {
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(video, "video");
        if (!RID.matcher(rid).matches()) {
            throw new IllegalArgumentException("a rid is 1..16 letters, digits, '-' or '_': " + rid);
        }
    }

    /**
     * A phone's three layers, lowest first as browsers list them (quarter, half and full 720p, the
     * rates libwebrtc allocates at those sizes, give or take), all at 30 fps with a keyframe every 2 s.
     */
    public static List<SimulcastLayer> standard() {
        return List.of(new SimulcastLayer("q", new VideoSettings(320, 180, 30, 120_000, 2.0, 1200)),
                new SimulcastLayer("h", new VideoSettings(640, 360, 30, 400_000, 2.0, 1200)),
                new SimulcastLayer("f", new VideoSettings(1280, 720, 30, 1_200_000, 2.0, 1200)));
    }

    /** The layers' rids, in order. */
    public static List<String> rids(List<SimulcastLayer> layers) {
        return layers.stream().map(SimulcastLayer::rid).toList();
    }
}

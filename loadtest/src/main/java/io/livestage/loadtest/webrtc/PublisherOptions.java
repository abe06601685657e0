package io.livestage.loadtest.webrtc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link JavaPublisher} publishes.
 *
 * @param roomId        publish into this show, which the user hosts (joined first); null starts a show
 * @param showTitle     title of the show started when {@code roomId} is null
 * @param audio         send synthetic Opus
 * @param video         synthetic VP8 settings; null sends no video
 * @param audioDrop     audio packets skipped on purpose
 * @param videoDrop     video packets skipped on purpose
 * @param mediaAddress  send media here instead of the answer's first IPv4 host candidate (NAT, tests); may be null
 * @param timeout       for each signaling request and for the live announcement
 * @param awaitLive     start media only once the server announces us live ({@code room.publisher}) instead
 *                      of as soon as DTLS completes, as a browser does; then no packet can reach the
 *                      server before its SRTP keys are in place
 * @param simulcast     when not empty, the video goes as these simulcast layers (2 or 3, lowest first)
 *                      instead of the one stream of {@code video}; {@code videoDrop} applies to each
 */
public record PublisherOptions(String roomId, String showTitle, boolean audio, VideoSettings video,
        DropPolicy audioDrop, DropPolicy videoDrop, InetSocketAddress mediaAddress, Duration timeout,
        boolean awaitLive, List<SimulcastLayer> simulcast) {

    public PublisherOptions {
        Objects.requireNonNull(showTitle, "showTitle");
        Objects.requireNonNull(audioDrop, "audioDrop");
        Objects.requireNonNull(videoDrop, "videoDrop");
        Objects.requireNonNull(timeout, "timeout");
        simulcast = List.copyOf(simulcast);
        if (!audio && video == null && simulcast.isEmpty()) {
            throw new IllegalArgumentException("publish audio, video or both");
        }
        // The server takes at most three layers, and one layer is no simulcast.
        if (simulcast.size() == 1 || simulcast.size() > 3
                || new HashSet<>(SimulcastLayer.rids(simulcast)).size() != simulcast.size()) {
            throw new IllegalArgumentException("simulcast needs 2 or 3 layers with different rids");
        }
    }

    /** A new show with Opus and 720p VP8, nothing dropped, 10 s timeouts. */
    public static PublisherOptions defaults() {
        return new PublisherOptions(null, "Java publisher", true, VideoSettings.hd720(), DropPolicy.NONE,
                DropPolicy.NONE, null, Duration.ofSeconds(10), false, List.of());
    }

    public PublisherOptions withRoomId(String id) {
        return new PublisherOptions(id, showTitle, audio, video, audioDrop, videoDrop,
                mediaAddress, timeout, awaitLive, simulcast);
    }

    public PublisherOptions withVideo(VideoSettings settings) {
        return new PublisherOptions(roomId, showTitle, audio, settings, audioDrop, videoDrop,
                mediaAddress, timeout, awaitLive, simulcast);
    }

    public PublisherOptions withAudio(boolean send) {
        return new PublisherOptions(roomId, showTitle, send, video, audioDrop, videoDrop,
                mediaAddress, timeout, awaitLive, simulcast);
    }

    public PublisherOptions withVideoDrop(DropPolicy drop) {
        return new PublisherOptions(roomId, showTitle, audio, video, audioDrop, drop, mediaAddress,
                timeout, awaitLive, simulcast);
    }

    public PublisherOptions withAudioDrop(DropPolicy drop) {
        return new PublisherOptions(roomId, showTitle, audio, video, drop, videoDrop, mediaAddress,
                timeout, awaitLive, simulcast);
    }

    public PublisherOptions withAwaitLive(boolean await) {
        return new PublisherOptions(roomId, showTitle, audio, video, audioDrop, videoDrop,
                mediaAddress, timeout, await, simulcast);
    }

    /** Video as these simulcast layers (lowest first), or as the one {@link #video()} stream when empty. */
    public PublisherOptions withSimulcast(List<SimulcastLayer> layers) {
        return new PublisherOptions(roomId, showTitle, audio, video, audioDrop, videoDrop, mediaAddress, timeout,
                awaitLive, layers);
    }

    public PublisherOptions withMediaAddress(InetSocketAddress address) {
        return new PublisherOptions(roomId, showTitle, audio, video, audioDrop, videoDrop, address,
                timeout, awaitLive, simulcast);
    }
}

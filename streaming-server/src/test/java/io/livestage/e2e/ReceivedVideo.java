package io.livestage.e2e;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a web client page shows of the video it receives, read from its PeerConnections' {@code getStats()}: when
 * each PeerConnection decoded its first frame (on the page's own clock, {@code Date.now()}, which the browsers and
 * the test share on one machine), and size, rate and freezes over a window.
 */
final class ReceivedVideo {
    /** Polls every PeerConnection of the page's screen until each has decoded a frame, noting when. */
    private static final String WATCH = "if (!window.firstFrames) {"
            + " const firsts = new WeakMap();"
            + " window.firstFrames = () => window.livestage.peerConnections().filter(pc => firsts.has(pc)).map(pc => firsts.get(pc));"
            + " const tick = async () => {"
            + "   for (const pc of window.livestage.peerConnections()) {"
            + "     if (firsts.has(pc)) continue;"
            + "     const report = await pc.getStats();"
            + "     let frames = 0;"
            + "     report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0; });"
            + "     if (frames > 0 && !firsts.has(pc)) firsts.set(pc, Date.now());"
            + "   }"
            + " };"
            + " setInterval(() => tick().catch(() => {}), 20);"
            + "}"
            + " return true;";

    private static final String SAMPLE = "(async () => { const out = [];"
            + " for (const pc of window.livestage.peerConnections()) {"
            + "   const report = await pc.getStats();"
            + "   report.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') out.push({"
            + "     ssrc: s.ssrc, t: s.timestamp, frames: s.framesDecoded ?? 0, bytes: s.bytesReceived ?? 0,"
            + "     width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, freezes: s.freezeCount ?? 0,"
            + "     lost: s.packetsLost ?? 0}); });"
            + " } return out; })()";

    /** The selected candidate pair's remote port of each connected PeerConnection: the media node's UDP port. */
    private static final String MEDIA_PORTS = "(async () => { const ports = [];"
            + " for (const pc of window.livestage.peerConnections()) {"
            + "   const report = await pc.getStats();"
            + "   report.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) {"
            + "     const pair = report.get(s.selectedCandidatePairId);"
            + "     const remote = pair && report.get(pair.remoteCandidateId);"
            + "     if (remote) ports.push(remote.port); } });"
            + " } return ports; })()";

    /** Frames, size, rate and freezes of one page's received video over a window. */
    record Window(long frames, int width, int height, double fps, double kbps, long freezes, long lost) {
        @Override
        public String toString() {
            return String.format("%dx%d, %.1f fps, %.0f kbit/s, %d freezes, %d lost", width, height, fps, kbps, freezes, lost);
        }
    }

    private ReceivedVideo() {
    }

    /** Starts noting each PeerConnection's first decoded frame; idempotent. */
    static void watch(ClientPage page) {
        page.script(WATCH);
    }

    /** When the page's current PeerConnections decoded their first frame ({@code Date.now()}), latest first. */
    static Optional<Long> firstFrameOfCurrent(ClientPage page) {
        List<?> firsts = (List<?>) page.eval("window.firstFrames()");
        return firsts.stream().map(first -> ((Number) first).longValue()).max(Long::compare);
    }

    /** The UDP ports the page's media goes to (one per connected PeerConnection). */
    static List<Long> mediaPorts(ClientPage page) {
        return ((List<?>) page.evalAsync(MEDIA_PORTS)).stream().map(port -> ((Number) port).longValue()).toList();
    }

    /** Samples the page's received video twice, {@code millis} apart, and reports what changed in between. */
    static Window over(ClientPage page, long millis) throws InterruptedException {
        Map<?, ?> before = single(page);
        Thread.sleep(millis);
        Map<?, ?> after = single(page);
        if (!before.get("ssrc").equals(after.get("ssrc"))) {
            throw new AssertionError("the received video changed streams during the window: " + before + " → " + after);
        }
        double seconds = (number(after, "t") - number(before, "t")) / 1000.0;
        return new Window((long) (number(after, "frames") - number(before, "frames")), (int) number(after, "width"),
                (int) number(after, "height"), (number(after, "frames") - number(before, "frames")) / seconds,
                (number(after, "bytes") - number(before, "bytes")) * 8 / seconds / 1000,
                (long) (number(after, "freezes") - number(before, "freezes")), (long) number(after, "lost"));
    }

    /** The one received video stream of a call's page. */
    private static Map<?, ?> single(ClientPage page) {
        List<?> streams = (List<?>) page.evalAsync(SAMPLE);
        if (streams.size() != 1) {
            throw new AssertionError("a call's page receives one video, not " + streams);
        }
        return (Map<?, ?>) streams.get(0);
    }

    private static double number(Map<?, ?> stats, String key) {
        return ((Number) stats.get(key)).doubleValue();
    }
}

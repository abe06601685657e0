package io.livestage.loadtest.show;

import java.util.List;
import java.util.Map;

/**
 * The publisher's video streams and the viewers' layers, for the report.
 *
 * @param simulcast      the video went as simulcast layers
 * @param streams        per video stream (simulcast layers lowest first), its name for people
 * @param ssrcs          per video stream, its SSRC
 * @param keyframes      keyframe requests that reached the publisher: during the join ramp, the warm-up
 *                       and the timed window, per stream and then those naming no video stream
 * @param layerEvents    {@code media.layers} events the publisher got (it pauses the layers they leave out)
 * @param lastActive     the rids the server last asked for, or null when it never said
 * @param viewersByLayer connected viewers by the layer the server last said it forwards ("none" before it said)
 * @param offPin         viewers that pinned a layer and were last told they get another
 */
record VideoFigures(boolean simulcast, List<String> streams, long[] ssrcs, List<KeyframeRequestLog.Phase> keyframes,
        long layerEvents, List<String> lastActive, Map<String, Long> viewersByLayer, long offPin) {
}

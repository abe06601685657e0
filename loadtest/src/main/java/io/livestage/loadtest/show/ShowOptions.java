package io.livestage.loadtest.show;

import io.livestage.loadtest.webrtc.SubscriberOptions;
import io.livestage.loadtest.webrtc.VideoSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run of the show scenario does.
 *
 * @param url             the server's signaling WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}
 * @param subscribers     viewers that subscribe to the one publisher's media
 * @param warmup          media after the ramp that is not measured, while both JITs warm up
 * @param duration        the timed window every figure of the report covers
 * @param rampPerSecond   subscribers started per second (each does ICE and a DTLS handshake)
 * @param secret          the HS256 secret the server verifies tokens with (we act as the platform)
 * @param metricsUrl      the server's Prometheus endpoint: packets forwarded, CPU time, heap, RSS
 * @param serverPid       the server's process id, to split its CPU time into user and system; 0 for none
 * @param maxLossPercent  the run fails when more of the expected packets than this never arrive
 * @param simulcast       the publisher sends its video as three simulcast layers instead of one 720p stream
 * @param viewerLayers    layers the viewers pin in turn ({@code low}, {@code medium}, {@code high} or
 *                        {@code auto}), viewer i the (i mod size)-th; empty pins nothing (every viewer auto)
 * @param video           the one stream of a publisher without simulcast, e.g. one simulcast layer's
 *                        settings, to compare the two at the same stream per viewer
 * @param edges           other nodes of a cluster serving subscribers too: subscriber i goes to the
 *                        (i mod (1 + edges))-th of {@code url} and the edges; the publisher always to {@code url}
 * @param failover        a subscriber whose connection to its node closes, or whose node asks it to reconnect
 *                        (it drains), starts again through the next node, as a viewer's client would through a
 *                        load balancer, and its outage is measured
 */
public record ShowOptions(URI url, int subscribers, Duration warmup, Duration duration, int rampPerSecond,
        String secret, URI metricsUrl, long serverPid, double maxLossPercent, boolean simulcast,
        List<String> viewerLayers, VideoSettings video, List<EdgeNode> edges, boolean failover) {

    public ShowOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(metricsUrl, "metricsUrl");
        Objects.requireNonNull(video, "video");
        if (subscribers < 1 || rampPerSecond < 1 || serverPid < 0 || !(maxLossPercent >= 0)) {
            throw new IllegalArgumentException("subscribers and ramp must be positive, pid and loss not negative");
        }
        viewerLayers = List.copyOf(viewerLayers);
        edges = List.copyOf(edges);
        if (!SubscriberOptions.LAYERS.containsAll(viewerLayers)) {
            throw new IllegalArgumentException("viewer layers are low, medium, high or auto: " + viewerLayers);
        }
        if (!simulcast && !viewerLayers.isEmpty()) {
            throw new IllegalArgumentException("viewer layers need a simulcast publisher");
        }
    }

    /** The one show of one 720p stream, every viewer as the server chooses. */
    public ShowOptions(URI url, int subscribers, Duration warmup, Duration duration, int rampPerSecond,
            String secret, URI metricsUrl, long serverPid, double maxLossPercent) {
        this(url, subscribers, warmup, duration, rampPerSecond, secret, metricsUrl, serverPid, maxLossPercent, false,
                List.of(), VideoSettings.hd720(), List.of(), false);
    }

    /** The show with simulcast (or not) and layers pinned as given, the plain stream 720p. */
    public ShowOptions(URI url, int subscribers, Duration warmup, Duration duration, int rampPerSecond,
            String secret, URI metricsUrl, long serverPid, double maxLossPercent, boolean simulcast,
            List<String> viewerLayers) {
        this(url, subscribers, warmup, duration, rampPerSecond, secret, metricsUrl, serverPid, maxLossPercent,
                simulcast, viewerLayers, VideoSettings.hd720(), List.of(), false);
    }

    /** Where subscriber {@code index} (from 0) connects: the publisher's node and the edges in turn. */
    public URI urlOf(int index) {
        int node = index % (1 + edges.size());
        return node == 0 ? url : edges.get(node - 1).url();
    }

    /** The layer viewer {@code index} (from 0) pins, or null for none. */
    public String layerOf(int index) {
        return viewerLayers.isEmpty() ? null : viewerLayers.get(index % viewerLayers.size());
    }
}

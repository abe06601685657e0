package io.livestage.loadtest.webrtc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.HdrHistogram.Recorder;

/**
 * How a {@link JavaSubscriber} watches.
 *
 * @param roomId       the show to join and subscribe to
 * @param videoDrop    new video packets discarded on receipt, as if lost on the way (NACK tests)
 * @param mediaAddress send to this address instead of the offer's first IPv4 host candidate; may be null
 * @param timeout      for each signaling request
 * @param latency      also records every latency sample here, in microseconds (many subscribers share one,
 *                     for a load test's overall percentiles); may be null
 * @param layer        a simulcast layer to pin with {@code media.layer} as soon as the subscription is
 *                     answered ({@code low}, {@code medium}, {@code high} or {@code auto}); null asks nothing,
 *                     and the server chooses from its estimate
 * @param simulcast    the publisher sends simulcast layers: our video arrives rewritten from whichever layer
 *                     the server forwards (its SSRC and sequence numbers, not the publisher's), so its payload
 *                     is checked against the SSRC and sequence number the publisher stamped in it
 */
public record SubscriberOptions(String roomId, DropPolicy videoDrop, InetSocketAddress mediaAddress, Duration timeout,
        Recorder latency, String layer, boolean simulcast) {

    /** The protocol's layer names. */
    public static final Set<String> LAYERS = Set.of("low", "medium", "high", "auto");

    public SubscriberOptions {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(videoDrop, "videoDrop");
        Objects.requireNonNull(timeout, "timeout");
        if (layer != null && !LAYERS.contains(layer)) {
            throw new IllegalArgumentException("layer must be one of low, medium, high, auto: " + layer);
        }
    }

    /** Nothing dropped, 10 s timeouts. */
    public static SubscriberOptions of(String roomId) {
        return new SubscriberOptions(roomId, DropPolicy.NONE, null, Duration.ofSeconds(10), null, null, false);
    }

    public SubscriberOptions withVideoDrop(DropPolicy drop) {
        return new SubscriberOptions(roomId, drop, mediaAddress, timeout, latency, layer, simulcast);
    }

    public SubscriberOptions withMediaAddress(InetSocketAddress address) {
        return new SubscriberOptions(roomId, videoDrop, address, timeout, latency, layer, simulcast);
    }

    public SubscriberOptions withLatency(Recorder recorder) {
        return new SubscriberOptions(roomId, videoDrop, mediaAddress, timeout, recorder, layer, simulcast);
    }

    public SubscriberOptions withLayer(String pinned) {
        return new SubscriberOptions(roomId, videoDrop, mediaAddress, timeout, latency, pinned, simulcast);
    }

    public SubscriberOptions withSimulcast(boolean layered) {
        return new SubscriberOptions(roomId, videoDrop, mediaAddress, timeout, latency, layer, layered);
    }
}

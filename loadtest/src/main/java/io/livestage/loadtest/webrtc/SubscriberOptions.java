package io.livestage.loadtest.webrtc;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
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
 */
public record SubscriberOptions(String roomId, DropPolicy videoDrop, InetSocketAddress mediaAddress, Duration timeout,
        Recorder latency) {

    public SubscriberOptions {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(videoDrop, "videoDrop");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Nothing dropped, 10 s timeouts. */
    public static SubscriberOptions of(String roomId) {
        return new SubscriberOptions(roomId, DropPolicy.NONE, null, Duration.ofSeconds(10), null);
    }

    public SubscriberOptions withVideoDrop(DropPolicy drop) {
        return new SubscriberOptions(roomId, drop, mediaAddress, timeout, latency);
    }

    public SubscriberOptions withMediaAddress(InetSocketAddress address) {
        return new SubscriberOptions(roomId, videoDrop, address, timeout, latency);
    }

    public SubscriberOptions withLatency(Recorder recorder) {
        return new SubscriberOptions(roomId, videoDrop, mediaAddress, timeout, recorder);
    }
}

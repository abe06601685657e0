package io.livestage.signaling.show;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.livestage.signaling.config.EventsConfig;
import io.livestage.signaling.metrics.RoomEventMetrics;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What every room of this node shares to send its events: the codec, the tick settings, and the node's
 * count of events held, which bounds them all together.
 */
public final class Broadcaster {
    private final MessageCodec codec;
    private final SignalingMetrics metrics;
    private final EventsConfig config;
    private final EventBacklog backlog;
    private final RoomEventMetrics eventMetrics;

    public Broadcaster(MessageCodec codec, SignalingMetrics metrics, EventsConfig config) {
        this.codec = codec;
        this.metrics = metrics;
        this.config = config;
        this.backlog = new EventBacklog(config.maxPendingPerNode());
        this.eventMetrics = new RoomEventMetrics(backlog::held);
    }

    /** With the default tick and limits. */
    public Broadcaster(MessageCodec codec, SignalingMetrics metrics) {
        this(codec, metrics, EventsConfig.defaults());
    }

    /** The meters of every room's ticks, to bind to the node's registry. */
    public RoomEventMetrics eventMetrics() {
        return eventMetrics;
    }

    /** Events held over every room of this node. */
    public int pending() {
        return backlog.held();
    }

    RoomEvents room(String roomId, EventExecutor executor, RoomMembers members) {
        return new RoomEvents(this, batchPrefix(roomId), executor, members);
    }

    MessageCodec codec() {
        return codec;
    }

    SignalingMetrics metrics() {
        return metrics;
    }

    EventsConfig config() {
        return config;
    }

    EventBacklog backlog() {
        return backlog;
    }

    /** {@code {"type":"room.events","roomId":"…","events":[}: the start of every batch frame of the room. */
    private byte[] batchPrefix(String roomId) {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(64);
        prefix.writeBytes(("{\"type\":\"" + RoundFrames.BATCH_TYPE + "\",\"roomId\":").getBytes(StandardCharsets.UTF_8));
        try {
            prefix.writeBytes(codec.mapper().writeValueAsBytes(roomId));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("room id cannot be encoded: " + roomId, e);
        }
        prefix.writeBytes(",\"events\":[".getBytes(StandardCharsets.UTF_8));
        return prefix.toByteArray();
    }
}

package io.livestage.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One signaling connection (PROTOCOL.md). Requests get a numeric {@code id} and complete when the reply with
 * that id arrives; everything else goes to the {@link SignalingListener}. All mutable state is touched only on
 * the connection's event loop, so a client costs a channel, a small map and no thread or lock.
 */
public final class SignalingClient {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The frame that carries several events of a room, for clients that asked for it in {@code auth}. */
    private static final String BATCH_TYPE = "room.events";

    private final Channel channel;
    private final ObjectMapper mapper;
    private final SignalingListener listener;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Map<Long, PendingRequest> pending = new HashMap<>(4);
    private long nextId = 1;
    private volatile int closeCode = -1;
    private volatile String closeReason = "";

    SignalingClient(Channel channel, ObjectMapper mapper, SignalingListener listener) {
        this.channel = channel;
        this.mapper = mapper;
        this.listener = listener;
    }

    /** A new message of the given protocol type, to fill in and pass to {@link #request} or {@link #send}. */
    public static ObjectNode message(String type) {
        return NODES.objectNode().put("type", type);
    }

    /**
     * Sends {@code message} with a fresh {@code id} (set on the node, which the caller must not reuse) and
     * completes with the reply carrying that id. An {@code error} reply completes exceptionally with a
     * {@link SignalingException}; no reply within {@code timeout} with a {@link TimeoutException}.
     */
    public CompletableFuture<JsonNode> request(ObjectNode message, Duration timeout) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        channel.eventLoop().execute(() -> startRequest(message, timeout, reply));
        return reply;
    }

    /** Sends a message that expects no reply. */
    public void send(ObjectNode message) {
        channel.writeAndFlush(frame(message), channel.voidPromise());
    }

    /** Starts a clean close (status 1000) and completes once the connection is gone. */
    public CompletableFuture<Void> close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
        return closed;
    }

    /** Completes when the connection is gone, for whatever reason. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** The close status the server sent, or -1 while open or when the connection dropped without one. */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    private void startRequest(ObjectNode message, Duration timeout, CompletableFuture<JsonNode> reply) {
        if (!channel.isActive()) {
            reply.completeExceptionally(new IOException("connection closed"));
            return;
        }
        long id = nextId++;
        message.put("id", id);
        PendingRequest request = new PendingRequest(reply, channel.eventLoop().schedule(
                () -> expire(id, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
        pending.put(id, request);
        channel.writeAndFlush(frame(message)).addListener(written -> {
            if (!written.isSuccess() && pending.remove(id) != null) {
                request.fail(written.cause());
            }
        });
    }

    private void expire(long id, Duration timeout) {
        PendingRequest request = pending.remove(id);
        if (request != null) {
            request.fail(new TimeoutException("no reply within " + timeout.toMillis() + " ms"));
        }
    }

    private TextWebSocketFrame frame(ObjectNode message) {
        try {
            return new TextWebSocketFrame(Unpooled.wrappedBuffer(mapper.writeValueAsBytes(message)));
        } catch (IOException e) {
            throw new IllegalArgumentException("message cannot be serialized", e);
        }
    }

    /** Event loop only: routes one received message. */
    void received(JsonNode message) {
        if (BATCH_TYPE.equals(message.path("type").asText())) {
            // A room's events of one tick in one frame (auth with batch: true): each is handled as if alone.
            for (JsonNode event : message.path("events")) {
                listener.onEvent(this, event);
            }
            return;
        }
        JsonNode id = message.get("id");
        PendingRequest request = id != null && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
        if (request == null) {
            listener.onEvent(this, message);
        } else if ("error".equals(message.path("type").asText())) {
            request.fail(new SignalingException(message.path("code").asText(), message.path("message").asText()));
        } else {
            request.complete(message);
        }
    }

    /** Event loop only: the server sent a close frame. */
    void closeFrameReceived(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    /** Event loop only: the channel is inactive. */
    void connectionClosed() {
        List<PendingRequest> orphans = new ArrayList<>(pending.values());
        pending.clear();
        IOException cause = new IOException("connection closed" + (closeCode < 0 ? "" : " with " + closeCode));
        orphans.forEach(request -> request.fail(cause));
        listener.onClosed(this, closeCode, closeReason);
        closed.complete(null);
    }

    private record PendingRequest(CompletableFuture<JsonNode> reply, Future<?> timeout) {

        void complete(JsonNode message) {
            timeout.cancel(false);
            reply.complete(message);
        }

        void fail(Throwable cause) {
            timeout.cancel(false);
            reply.completeExceptionally(cause);
        }
    }
}

package io.livestage.signaling.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.auth.Identity;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.net.SlowReaders;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One signaling connection. Sending is safe from any thread (Netty queues writes onto the
 * channel's loop); the identity is set once, on the channel's loop, by {@code auth}.
 */
public final class Session implements Requester {
    /** WebSocket close codes used by the protocol. */
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_POLICY = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_UNAUTHORIZED = 4001;
    /**
     * The platform put the user out through the server API: reason {@code banned} (from the whole service;
     * signing in again is refused the same way) or {@code removed} (may sign in again).
     */
    public static final int CLOSE_REMOVED = 4003;
    public static final String REASON_BANNED = "banned";
    public static final String REASON_REMOVED = "removed";
    /** The user already has {@code limits.maxConnectionsPerUser} connections on this node. */
    public static final int CLOSE_TOO_MANY_CONNECTIONS = 4029;
    /**
     * How long a close frame may take to reach the client before the connection is reset. A client
     * that does not read never lets it out, and waiting would keep its queue in memory for good.
     */
    public static final long CLOSE_FLUSH_TIMEOUT_MS = 2000;

    private final String id;
    private final Channel channel;
    private final MessageCodec codec;
    private final SignalingMetrics metrics;
    private final Set<Room> rooms = ConcurrentHashMap.newKeySet();
    /** Users whose chat this connection does not want to see ({@code user.block}); read by rooms' threads. */
    private final Set<String> blocked = ConcurrentHashMap.newKeySet();
    private volatile Identity identity;
    private volatile boolean closing;
    /** Whether the client asked for {@code room.events} frames in its {@code auth}; set once, before it joins a room. */
    private volatile boolean batches;
    /** Closes the connection when its token expires; touched only on the channel's loop. */
    private ScheduledFuture<?> expiry;

    public Session(String id, Channel channel, MessageCodec codec, SignalingMetrics metrics) {
        this.id = id;
        this.channel = channel;
        this.codec = codec;
        this.metrics = metrics;
        channel.closeFuture().addListener(closed -> cancelExpiry());
    }

    @Override
    public String id() {
        return id;
    }

    /** The authenticated user, or null before {@code auth}. */
    @Override
    public Identity identity() {
        return identity;
    }

    public void authenticate(Identity identity) {
        this.identity = identity;
    }

    /**
     * Replaces the identity with a fresh token's ({@code auth.refresh}): roles, {@code adult}, name
     * and rate as the platform says now. A connection belongs to one user for its whole life.
     */
    public void refresh(Identity fresh) {
        Identity current = identity;
        if (current == null || !current.userId().equals(fresh.userId())) {
            throw new IllegalArgumentException("a session's user never changes");
        }
        this.identity = fresh;
    }

    /**
     * Closes the connection with 4001 once its token is no longer valid, replacing any earlier
     * deadline: a connection lives no longer than the token it was opened (or last refreshed) with.
     * On the channel's loop.
     */
    public void expiresIn(Duration validFor) {
        cancelExpiry();
        if (channel.isOpen()) {
            expiry = channel.eventLoop().schedule(() -> {
                if (!closing) {
                    metrics.tokenExpired();
                    close(CLOSE_UNAUTHORIZED, "token expired");
                }
            }, validFor.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    /** The client reads several of a room's events in one {@code room.events} frame. */
    public void readsBatches(boolean batches) {
        this.batches = batches;
    }

    public boolean readsBatches() {
        return batches;
    }

    /** The loop that owns this connection: writes made on it need no hand-off. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isAuthenticated() {
        return identity != null;
    }

    /** The rooms (shows, later calls) this session is in; owned by those rooms' threads. */
    public Set<Room> rooms() {
        return rooms;
    }

    /**
     * Sends a direct reply or event to this client alone. A client whose outbound buffer is over
     * the high-water mark is not reading its replies: it is disconnected (1008), as in
     * {@link #writeOnLoop}, instead of growing the heap.
     */
    @Override
    public void send(ServerMessage message) {
        if (closing) {
            return;
        }
        if (!channel.isWritable()) {
            close(CLOSE_POLICY, "client too slow");
            return;
        }
        metrics.messagesOut(MessageCodec.typeOf(message), 1);
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(codec.encode(message))));
    }

    /** As {@link #send}, for a message encoded elsewhere (another node's reply, off the cluster bus). */
    public void sendEncoded(String type, byte[] json) {
        if (closing) {
            return;
        }
        if (!channel.isWritable()) {
            close(CLOSE_POLICY, "client too slow");
            return;
        }
        metrics.messagesOut(type, 1);
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    }

    @Override
    public void sendError(JsonNode requestId, ErrorCode code, String message) {
        metrics.error(code);
        send(ServerMessage.Error.of(requestId, code, message));
    }

    /** An error with a {@code reason} that says more precisely than the code why a room refused. */
    @Override
    public void sendError(JsonNode requestId, ErrorCode code, String reason, String message) {
        metrics.error(code);
        send(ServerMessage.Error.of(requestId, code, reason, message));
    }

    /**
     * The users whose chat is hidden from this connection. Kept per connection, so a client re-sends
     * its list after reconnecting (the web client keeps it in local storage).
     */
    public Set<String> blocked() {
        return blocked;
    }

    /**
     * Writes whole WebSocket frames encoded once for many recipients ({@code WebSocketTextFrames}: the same
     * bytes for everyone, past this connection's frame encoder) and flushes once; on this connection's own
     * loop only, where the writes go straight into the pipeline instead of one task each. A recipient over the
     * high-water mark is not keeping up: it is disconnected (1008) instead of growing the heap.
     *
     * @return how many of the frames were queued
     */
    public int writeOnLoop(ByteBuf[] frames) {
        int written = 0;
        for (ByteBuf frame : frames) {
            if (closing) {
                break;
            }
            if (!channel.isWritable()) {
                close(CLOSE_POLICY, "client too slow");
                break;
            }
            channel.write(frame.retainedDuplicate());
            written++;
        }
        if (written > 0) {
            channel.flush();
        }
        return written;
    }

    /** True once {@link #close} was called: nothing more is sent, and what the client sends is dropped. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Sends a close frame with the code, then closes the connection; resets it instead when the
     * frame has not gone out within {@link #CLOSE_FLUSH_TIMEOUT_MS}. Idempotent.
     */
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        // Whatever the client sends from now on would only be dropped: leave it in the kernel.
        channel.config().setAutoRead(false);
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        ScheduledFuture<?> reset = channel.eventLoop().schedule(() -> SlowReaders.reset(channel),
                CLOSE_FLUSH_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> reset.cancel(false));
    }

    @Override
    public String toString() {
        Identity who = identity;
        return "Session[" + id + (who == null ? "" : ", user=" + who.userId()) + "]";
    }
}

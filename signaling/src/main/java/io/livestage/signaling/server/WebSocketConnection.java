package io.livestage.signaling.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.livestage.signaling.config.LimitsConfig;
import io.livestage.signaling.dispatch.Dispatcher;
import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.ClientMessage;
import io.livestage.signaling.protocol.ErrorCode;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ProtocolException;
import io.livestage.signaling.ratelimit.RequestBudget;
import io.livestage.signaling.session.Session;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection after the upgrade: decodes frames, applies the per-connection
 * request limit and hands requests to the {@link Dispatcher}. Whatever a client sends, the
 * worst outcome is a typed error or a close code for that client alone.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);

    private final MessageCodec codec;
    private final Dispatcher dispatcher;
    private final SignalingMetrics metrics;
    private final LimitsConfig limits;
    private final SessionRegistry registry;
    private final RequestBudget requests;
    /** Frames read while sign-in is being decided; a read brings at most a few, and these many is plenty. */
    static final int MAX_HELD_FRAMES = 32;

    private Session session;
    private Channel channel;
    private ScheduledFuture<?> authTimer;
    /** True from {@code auth} until the dispatcher has signed the session in or refused it; on the channel's loop. */
    private boolean admitting;
    private final Deque<WebSocketFrame> held = new ArrayDeque<>();

    /** {@code requests} is the connection's request budget, shared with its {@link WebSocketPings}. */
    WebSocketConnection(MessageCodec codec, Dispatcher dispatcher, SignalingMetrics metrics, LimitsConfig limits,
                        SessionRegistry registry, RequestBudget requests) {
        this.codec = codec;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.limits = limits;
        this.registry = registry;
        this.requests = requests;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            channel = ctx.channel();
            session = new Session(UUID.randomUUID().toString(), ctx.channel(), codec, metrics);
            registry.add(session);
            authTimer = ctx.executor().schedule(() -> {
                if (!session.isAuthenticated()) {
                    session.close(Session.CLOSE_UNAUTHORIZED, "auth timeout");
                }
            }, limits.authTimeoutMs(), TimeUnit.MILLISECONDS);
        } else if (event instanceof IdleStateEvent) {
            // A client that is silent and not reading either is reset once the close frame cannot get out.
            if (session != null) {
                session.close(Session.CLOSE_GOING_AWAY, "idle timeout");
            } else {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
                onDataFrame((WebSocketFrame) msg);
            } else {
                ReferenceCountUtil.retain(msg);
                ctx.fireChannelRead(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Every data frame spends a request token before anything else is done with it, so frames that
     * only earn an error (malformed JSON, binary) are limited like requests.
     */
    private void onDataFrame(WebSocketFrame frame) {
        if (session.isClosing()) {
            return;
        }
        if (!requests.tryTake(System.nanoTime())) {
            JsonNode id = frame instanceof TextWebSocketFrame
                    ? codec.requestIdOf(new ByteBufInputStream(frame.content())) : null;
            reject(new ProtocolException(ErrorCode.RATE_LIMITED, "too many requests; slow down").forRequest(id));
            return;
        }
        if (admitting) {
            hold(frame);
            return;
        }
        handle(frame);
    }

    private void handle(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            metrics.messageIn(SignalingMetrics.INVALID);
            reject(new ProtocolException(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text frames"));
            return;
        }
        ClientMessage message;
        try {
            message = codec.decode(new ByteBufInputStream(frame.content()));
        } catch (ProtocolException e) {
            metrics.messageIn(SignalingMetrics.INVALID);
            reject(e);
            return;
        }
        metrics.messageIn(message.type());
        try {
            if (!session.isAuthenticated() && message instanceof ClientMessage.Auth auth) {
                admit(auth);
            } else {
                dispatcher.dispatch(session, message);
            }
        } catch (ProtocolException e) {
            reject(e.forRequest(message.id()));
        } catch (RuntimeException e) {
            log.error("request {} of {} failed", message.type(), session, e);
            reject(new ProtocolException(ErrorCode.INTERNAL, "internal error").forRequest(message.id()));
        }
    }

    /**
     * Signs in once the dispatcher has checked the token and the platform's bans. Until then the
     * connection reads nothing more and holds what it had read already, so requests sent right after
     * {@code auth} are carried out once signed in, in order, as if sign-in had been immediate.
     */
    private void admit(ClientMessage.Auth auth) {
        CompletionStage<Void> admitted = dispatcher.admit(session, auth);
        admitting = true;
        channel.config().setAutoRead(false);
        admitted.whenComplete((done, failure) -> {
            admitting = false;
            if (failure != null) {
                Throwable cause = ProtocolException.causeOf(failure);
                if (cause instanceof ProtocolException refused) {
                    reject(refused.forRequest(auth.id()));
                } else {
                    log.error("signing in {} failed", session, cause);
                    reject(new ProtocolException(ErrorCode.INTERNAL, "internal error").forRequest(auth.id()));
                }
            }
            if (session.isAuthenticated() && authTimer != null) {
                authTimer.cancel(false);
                authTimer = null;
                requests.signedIn(session.identity().userId());
            }
            if (!session.isClosing()) {
                channel.config().setAutoRead(true);
            }
            WebSocketFrame next;
            while (!admitting && (next = held.poll()) != null) {
                try {
                    if (!session.isClosing()) {
                        handle(next);
                    }
                } finally {
                    next.release();
                }
            }
        });
    }

    /** A frame that came in the same read as {@code auth}, kept (bounded) until sign-in is decided. */
    private void hold(WebSocketFrame frame) {
        if (held.size() >= MAX_HELD_FRAMES) {
            session.close(Session.CLOSE_POLICY, "too many requests before sign-in completed");
            releaseHeld();
            return;
        }
        held.add(frame.retain());
    }

    private void releaseHeld() {
        WebSocketFrame next;
        while ((next = held.poll()) != null) {
            next.release();
        }
    }

    /**
     * Sends the typed error; before {@code auth} the protocol also closes: with 4029 when the user
     * has too many connections (worth retrying later), else with 4001 (a banned user's 4003 is the
     * dispatcher's).
     */
    private void reject(ProtocolException e) {
        session.sendError(e.requestId(), e.code(), e.getMessage());
        if (!session.isAuthenticated()) {
            if (e.code() == ErrorCode.RATE_LIMITED) {
                session.close(Session.CLOSE_TOO_MANY_CONNECTIONS, "too many connections");
            } else {
                session.close(Session.CLOSE_UNAUTHORIZED, "authentication required");
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            if (authTimer != null) {
                authTimer.cancel(false);
            }
            registry.remove(session);
            releaseHeld();
            dispatcher.disconnected(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isOpen()) {
            // Decoding what was already read after the connection was cut off (a slow reader): expected.
            log.debug("{} after its connection closed: {}", session, cause.toString());
        } else if (session != null && cause instanceof TooLongFrameException) {
            session.close(Session.CLOSE_TOO_BIG, "message too big");
        } else if (cause instanceof CorruptedFrameException) {
            log.debug("closing {} after a protocol violation: {}", session, cause.getMessage());
            ctx.close();
        } else {
            log.warn("closing {} after an unexpected error", session, cause);
            ctx.close();
        }
    }
}

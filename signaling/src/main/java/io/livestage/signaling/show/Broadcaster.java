package io.livestage.signaling.show;

import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Collection;
import java.util.function.Predicate;

/** Sends one event to a room's members, encoding it once however many there are. */
public final class Broadcaster {
    private final MessageCodec codec;
    private final SignalingMetrics metrics;

    public Broadcaster(MessageCodec codec, SignalingMetrics metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Sends to the host (if present) and every viewer, except {@code except} (may be null). */
    void toAll(ServerMessage event, Session host, Collection<Session> viewers, Session except) {
        toAll(event, host, viewers, except, null);
    }

    /** As {@link #toAll(ServerMessage, Session, Collection, Session)}, skipping members {@code skip} accepts (may be null). */
    void toAll(ServerMessage event, Session host, Collection<Session> viewers, Session except, Predicate<Session> skip) {
        ByteBuf encoded = Unpooled.wrappedBuffer(codec.encode(event));
        try {
            int sent = 0;
            if (host != null && host != except && (skip == null || !skip.test(host)) && host.sendShared(encoded)) {
                sent++;
            }
            for (Session viewer : viewers) {
                if (viewer != except && (skip == null || !skip.test(viewer)) && viewer.sendShared(encoded)) {
                    sent++;
                }
            }
            metrics.messagesOut(MessageCodec.typeOf(event), sent);
        } finally {
            encoded.release();
        }
    }
}

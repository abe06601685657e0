package io.livestage.signaling.metrics;

import io.livestage.signaling.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Signaling's meters: open connections and the bytes queued for them, connections refused by the
 * caps, tokens refreshed and expired, messages in and out by type, errors by code, live rooms and
 * their viewers. Types are bounded: inbound counts only decoded (known) types plus
 * {@code invalid}, so a client cannot create meters by inventing types.
 */
public final class SignalingMetrics implements MeterBinder {
    /** The inbound type recorded for frames that could not be decoded. */
    public static final String INVALID = "invalid";
    /** Why a connection was refused: {@code limits.maxConnections}, {@code maxConnectionsPerIp}, {@code maxConnectionsPerUser}. */
    public static final String REFUSED_NODE = "node";
    public static final String REFUSED_ADDRESS = "ip";
    public static final String REFUSED_USER = "user";

    private final IntSupplier openConnections;
    private final LongSupplier queuedBytes;
    private final IntSupplier liveRooms;
    private final IntSupplier viewers;
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private Counter tokensRefreshed;
    private Counter tokensExpired;
    private MeterRegistry registry = new SimpleMeterRegistry();

    /**
     * @param queuedBytes bytes written to connections (HTTP and WebSocket) that their sockets have
     *                    not taken yet: what slow readers cost this node's memory
     */
    public SignalingMetrics(IntSupplier openConnections, LongSupplier queuedBytes, IntSupplier liveRooms,
                            IntSupplier viewers) {
        this.openConnections = openConnections;
        this.queuedBytes = queuedBytes;
        this.liveRooms = liveRooms;
        this.viewers = viewers;
        bindCounters();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        in.clear();
        out.clear();
        bindCounters();
        Gauge.builder("livestage.connections.open", openConnections, IntSupplier::getAsInt)
                .description("Open WebSocket signaling connections").register(registry);
        Gauge.builder("livestage.connections.queued", queuedBytes, LongSupplier::getAsLong).baseUnit("bytes")
                .description("Bytes waiting in this node's memory for clients to read them, over all HTTP and"
                        + " WebSocket connections").register(registry);
        Gauge.builder("livestage.rooms.live", liveRooms, IntSupplier::getAsInt)
                .description("Live shows").register(registry);
        Gauge.builder("livestage.viewers", viewers, IntSupplier::getAsInt)
                .description("Viewers in live shows, over all rooms").register(registry);
    }

    public void messageIn(String type) {
        in.computeIfAbsent(type, t -> Counter.builder("livestage.messages.in").tag("type", t)
                .description("Signaling messages received, by type").register(registry)).increment();
    }

    public void messagesOut(String type, int count) {
        out.computeIfAbsent(type, t -> Counter.builder("livestage.messages.out").tag("type", t)
                .description("Signaling messages sent, by type").register(registry)).increment(count);
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    /** A WebSocket connection refused by a cap: {@link #REFUSED_NODE}, {@link #REFUSED_ADDRESS} or {@link #REFUSED_USER}. */
    public void connectionRefused(String reason) {
        refused.get(reason).increment();
    }

    public void tokenRefreshed() {
        tokensRefreshed.increment();
    }

    /** A connection closed (4001) because its token expired unrefreshed. */
    public void tokenExpired() {
        tokensExpired.increment();
    }

    private void bindCounters() {
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("livestage.errors").tag("code", code.wire())
                    .description("Error replies sent, by code").register(registry));
        }
        for (String reason : new String[] {REFUSED_NODE, REFUSED_ADDRESS, REFUSED_USER}) {
            refused.put(reason, Counter.builder("livestage.connections.refused").tag("cap", reason)
                    .description("WebSocket connections refused by a connection cap, by cap").register(registry));
        }
        tokensRefreshed = Counter.builder("livestage.auth.refreshed")
                .description("Tokens replaced in place by auth.refresh").register(registry);
        tokensExpired = Counter.builder("livestage.auth.expired")
                .description("Connections closed with 4001 because their token expired unrefreshed").register(registry);
    }
}

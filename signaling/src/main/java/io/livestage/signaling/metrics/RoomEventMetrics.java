package io.livestage.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Rooms' event ticks ({@code livestage_room_events_*}): events waiting on this node, sends refused because a
 * room or the node could not keep up, events and frames per tick, and how long a tick takes from its start
 * on the room's loop until every member's loop has written it.
 */
public final class RoomEventMetrics implements MeterBinder {
    /** Why a send was refused: its room, or this whole node, holds as many events as it may. */
    public static final String ROOM_BUSY = "room_busy";
    public static final String NODE_BUSY = "node_busy";

    private final IntSupplier pending;
    private Counter roomBusy;
    private Counter nodeBusy;
    private Counter events;
    private Counter ticks;
    private Timer tickTime;

    public RoomEventMetrics(IntSupplier pending) {
        this.pending = pending;
        bindTo(new SimpleMeterRegistry());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        roomBusy = refusals(registry, ROOM_BUSY);
        nodeBusy = refusals(registry, NODE_BUSY);
        events = Counter.builder("livestage.room.events.delivered")
                .description("Room events handed to their members' loops (once per event, not per member)")
                .register(registry);
        ticks = Counter.builder("livestage.room.events.ticks").description("Ticks that sent at least one event")
                .register(registry);
        tickTime = Timer.builder("livestage.room.events.tick")
                .description("From a tick's start on its room's loop until every member's loop has written it")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("livestage.room.events.pending", pending, IntSupplier::getAsInt)
                .description("Events this node's rooms hold: reserved by sends in flight, gathered, or not yet written")
                .register(registry);
    }

    private static Counter refusals(MeterRegistry registry, String reason) {
        return Counter.builder("livestage.room.events.refused").tag("reason", reason)
                .description("gift.send and chat.send refused before charging because a room or the node was full")
                .register(registry);
    }

    public void refused(String reason) {
        (ROOM_BUSY.equals(reason) ? roomBusy : nodeBusy).increment();
    }

    public void tick(int eventCount, long nanos) {
        ticks.increment();
        events.increment(eventCount);
        tickTime.record(nanos, TimeUnit.NANOSECONDS);
    }
}

package io.livestage.signaling.show;

import io.livestage.signaling.protocol.MessageCodec;
import io.livestage.signaling.protocol.ServerMessage;
import io.livestage.signaling.session.Session;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A room's append-only tick buffer. Events are encoded once as they are added; each tick (the first at once
 * after a quiet spell, then at most one per {@code events.tickMs}) turns them, in order, into one frame per
 * distinct view of the members (usually one for the whole room) and hands each member's event loop one task.
 * The buffer and the tick run on the room's executor; reserving and releasing slots is safe from any thread.
 */
final class RoomEvents {
    private final MessageCodec codec;
    private final byte[] batchPrefix;
    private final Broadcaster node;
    private final EventBacklog backlog;
    private final RoomMembers members;
    private final Coalescer ticks;
    private final int maxPerFrame;
    private List<RoomEvent> gathered = new ArrayList<>();
    private boolean closed;
    /** The latest tick handed to the loops, or null before the first. */
    private TickHandoff latest;

    RoomEvents(Broadcaster node, byte[] batchPrefix, EventExecutor executor, RoomMembers members) {
        this.node = node;
        this.codec = node.codec();
        this.batchPrefix = batchPrefix;
        this.backlog = new EventBacklog(node.config().maxPendingPerRoom());
        this.members = members;
        this.maxPerFrame = node.config().maxEventsPerFrame();
        this.ticks = new Coalescer(executor, node.config().tickMs(), this::flush);
    }

    /**
     * Takes a slot for an event before the request that makes it is charged or accepted; any thread. The
     * refusal's reason ({@code room_busy}, {@code node_busy}), or null when the slot is taken.
     */
    String tryReserve() {
        String refused = EventBacklog.reserve(backlog, node.backlog());
        if (refused != null) {
            node.eventMetrics().refused(refused);
        }
        return refused;
    }

    /** Gives back a slot whose event will not come through {@link #addReserved}; any thread. */
    void release() {
        release(1);
    }

    /** Takes a slot whatever the load, for an event that was already accepted (a charged gift); any thread. */
    void arriving() {
        backlog.add(1);
        node.backlog().add(1);
    }

    /** Adds the room's own news (counts, moderation): counted, never refused. On the executor. */
    /** @return the event as encoded for the members (null once closed), for the other nodes to get the same bytes */
    byte[] add(ServerMessage event, Session except, Predicate<Session> skip) {
        arriving();
        return addReserved(event, except, skip);
    }

    void add(ServerMessage event) {
        add(event, null, null);
    }

    /** Adds an event whose slot was taken by {@link #tryReserve} or {@link #arriving}. On the executor. */
    byte[] addReserved(ServerMessage event, Session except, Predicate<Session> skip) {
        byte[] json = closed ? null : codec.encode(event);
        addReserved(MessageCodec.typeOf(event), json, except, skip);
        return json;
    }

    /** Adds an event encoded elsewhere (another node's, off the cluster bus): counted, never refused. On the executor. */
    void addEncoded(String type, byte[] json, Session except, Predicate<Session> skip) {
        arriving();
        addReserved(type, json, except, skip);
    }

    private void addReserved(String type, byte[] json, Session except, Predicate<Session> skip) {
        if (closed) {
            release(1);
            return;
        }
        gathered.add(new RoomEvent(type, json, except, skip));
        ticks.request();
    }

    /**
     * Sends what has gathered to the members present now. Called by the tick, and by the room before its
     * membership changes, so every event reaches exactly the members it happened in front of.
     */
    void flush() {
        if (gathered.isEmpty()) {
            return;
        }
        List<RoomEvent> tick = gathered;
        gathered = new ArrayList<>();
        long start = System.nanoTime();
        int count = tick.size();
        TickHandoff handoff = new TickHandoff(node.metrics(), () -> {
            release(count);
            node.eventMetrics().tick(count, System.nanoTime() - start);
        });
        for (int from = 0; from < count; from += maxPerFrame) {
            plan(tick.subList(from, Math.min(count, from + maxPerFrame)), handoff);
        }
        latest = handoff;
        handoff.dispatch();
    }

    /**
     * Runs {@code then} once the latest tick has been written by every loop it went to (at once when there
     * is none), on whichever thread finishes it. A loop runs its tasks in order, so the loops of that tick
     * have written the earlier ones too. On the executor.
     */
    void whenWritten(Runnable then) {
        if (latest == null) {
            then.run();
        } else {
            latest.whenWritten(then);
        }
    }

    /** Sends what has gathered and takes nothing more: the room ended. On the executor. */
    void close() {
        flush();
        closed = true;
        ticks.cancel();
    }

    /** Events gathered or on their way to members' loops, with the slots reserved by sends in flight. */
    int held() {
        return backlog.held();
    }

    private void plan(List<RoomEvent> round, TickHandoff handoff) {
        int[] filtered = new int[round.size()];
        int filteredCount = 0;
        for (int i = 0; i < round.size(); i++) {
            if (round.get(i).filtered()) {
                filtered[filteredCount++] = i;
            }
        }
        int checks = filteredCount;
        long everything = round.size() == Long.SIZE ? -1L : (1L << round.size()) - 1;
        RoundFrames frames = new RoundFrames(round, batchPrefix, handoff);
        members.forEach(member -> {
            long excluded = 0;
            for (int k = 0; k < checks; k++) {
                int i = filtered[k];
                if (round.get(i).excludes(member)) {
                    excluded |= 1L << i;
                }
            }
            if (excluded != everything) {
                handoff.add(member, frames.frames(excluded, member.readsBatches()));
            }
        });
    }

    private void release(int events) {
        backlog.release(events);
        node.backlog().release(events);
    }
}

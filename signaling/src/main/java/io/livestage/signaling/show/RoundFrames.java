package io.livestage.signaling.show;

import io.livestage.signaling.net.WebSocketTextFrames;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of one round (at most 64 consecutive events of a room's tick), built once per distinct view:
 * a view is the set of events a member is excluded from, as bits of a {@code long}. Members that read batches
 * get one {@code room.events} frame (or the single event as it is when only one is left for them); the
 * others get each event as its own frame, the same bytes for all of them. Frames are whole WebSocket frames
 * ({@link WebSocketTextFrames}), header included, so no connection encodes them again. Every buffer made here is handed
 * to {@link TickHandoff#own}, which releases it once every loop has written it.
 */
final class RoundFrames {
    static final String BATCH_TYPE = "room.events";

    private final List<RoomEvent> events;
    private final byte[] batchPrefix;
    private final TickHandoff handoff;
    private final ByteBuf[] singles;
    private final Map<Long, EventFrames> batched = new HashMap<>(4);
    private final Map<Long, EventFrames> separate = new HashMap<>(4);

    /** @param batchPrefix {@code {"type":"room.events","roomId":"…","events":[}, encoded once per room */
    RoundFrames(List<RoomEvent> events, byte[] batchPrefix, TickHandoff handoff) {
        this.events = events;
        this.batchPrefix = batchPrefix;
        this.handoff = handoff;
        this.singles = new ByteBuf[events.size()];
    }

    /** The frames for a member excluded from the events whose bits are set; null when nothing is left for it. */
    EventFrames frames(long excluded, boolean readsBatches) {
        Map<Long, EventFrames> views = readsBatches ? batched : separate;
        EventFrames frames = views.get(excluded);
        if (frames == null && !views.containsKey(excluded)) {
            frames = build(excluded, readsBatches);
            views.put(excluded, frames);
        }
        return frames;
    }

    private EventFrames build(long excluded, boolean readsBatches) {
        List<Integer> included = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            if ((excluded & (1L << i)) == 0) {
                included.add(i);
            }
        }
        if (included.isEmpty()) {
            return null;
        }
        if (!readsBatches || included.size() == 1) {
            ByteBuf[] frames = new ByteBuf[included.size()];
            String[] types = new String[included.size()];
            for (int k = 0; k < frames.length; k++) {
                int i = included.get(k);
                frames[k] = single(i);
                types[k] = events.get(i).type();
            }
            return new EventFrames(frames, types);
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(batchPrefix.length + 2 + included.size() * 256);
        batch.writeBytes(batchPrefix);
        for (int k = 0; k < included.size(); k++) {
            if (k > 0) {
                batch.write(',');
            }
            batch.writeBytes(events.get(included.get(k)).json());
        }
        batch.write(']');
        batch.write('}');
        return new EventFrames(new ByteBuf[] {handoff.own(WebSocketTextFrames.encode(batch.toByteArray()))},
                new String[] {BATCH_TYPE});
    }

    private ByteBuf single(int i) {
        if (singles[i] == null) {
            singles[i] = handoff.own(WebSocketTextFrames.encode(events.get(i).json()));
        }
        return singles[i];
    }
}

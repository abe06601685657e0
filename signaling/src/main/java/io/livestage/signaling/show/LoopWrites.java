package io.livestage.signaling.show;

import io.livestage.signaling.metrics.SignalingMetrics;
import io.livestage.signaling.session.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's share of a tick: its members, grouped by the frames they get, written in one task on
 * that loop (one task per loop per tick instead of one per member). Filled on the room's executor, then run
 * once on the loop; the hand-off through the loop's task queue publishes it.
 */
final class LoopWrites {
    private final List<EventFrames> frames = new ArrayList<>(2);
    private final List<List<Session>> members = new ArrayList<>(2);
    private EventFrames lastFrames;
    private List<Session> lastMembers;

    void add(Session member, EventFrames view) {
        if (view != lastFrames) {
            int at = indexOf(view);
            if (at < 0) {
                frames.add(view);
                members.add(new ArrayList<>());
                at = frames.size() - 1;
            }
            lastFrames = view;
            lastMembers = members.get(at);
        }
        lastMembers.add(member);
    }

    /** Writes every member's frames and flushes each member once; counts what was queued. */
    void run(SignalingMetrics metrics) {
        for (int g = 0; g < frames.size(); g++) {
            EventFrames view = frames.get(g);
            int[] written = new int[view.frames().length];
            for (Session member : members.get(g)) {
                int queued = member.writeOnLoop(view.frames());
                for (int f = 0; f < queued; f++) {
                    written[f]++;
                }
            }
            for (int f = 0; f < written.length; f++) {
                metrics.messagesOut(view.types()[f], written[f]);
            }
        }
    }

    private int indexOf(EventFrames view) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) == view) {
                return i;
            }
        }
        return -1;
    }
}

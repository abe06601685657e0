package io.livestage.signaling.show;

import io.livestage.signaling.session.Session;
import java.util.function.Predicate;

/**
 * One event waiting in a room's tick, encoded once, with the members it skips: {@code except} (its sender,
 * who got it as a reply) and those {@code skip} accepts (members who blocked a chat's author). Both may be null.
 */
record RoomEvent(String type, byte[] json, Session except, Predicate<Session> skip) {
    boolean filtered() {
        return except != null || skip != null;
    }

    boolean excludes(Session member) {
        return member == except || (skip != null && skip.test(member));
    }
}

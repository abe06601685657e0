package io.livestage.signaling.show;

import io.livestage.signaling.session.Session;
import java.util.function.Consumer;

/** A room's members as its executor sees them now: the host first, if present, then the viewers. */
@FunctionalInterface
interface RoomMembers {
    void forEach(Consumer<Session> member);
}

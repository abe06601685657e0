package io.livestage.signaling.session;

/** Something a session can be a member of (a live show, later a call), told when it goes. */
public interface Room {
    String roomId();

    /** The member's connection closed; called from any thread. */
    void memberGone(Session session);
}
